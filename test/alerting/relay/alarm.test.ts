import { createAlarm } from '../../../alerting/relay/alarm';

describe('alarm', () => {
  it('sleeps for the time given, or until woken', async () => {
    const alarm = createAlarm();
    let started = Date.now();
    await alarm.sleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    started = Date.now();
    const forever = alarm.sleep(Number.POSITIVE_INFINITY);
    setTimeout(() => alarm.wake(), 20);
    await forever;
    expect(Date.now() - started).toBeLessThan(1000);
    alarm.wake(); // nobody asleep: nothing happens
  });
});
