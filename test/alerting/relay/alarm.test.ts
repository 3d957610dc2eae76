import { createAlarm } from '../../../alerting/relay/alarm';

describe('alarm', () => {
  it('sleeps for the time given, or until woken', async () => {
    const alarm = createAlarm();
    const started = Date.now();
    await alarm.sleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const forever = alarm.sleep(Number.POSITIVE_INFINITY);
    setTimeout(() => alarm.wake(), 20);
    await forever; // resolves only because it was woken
    alarm.wake(); // nobody asleep: nothing happens
  });
});
