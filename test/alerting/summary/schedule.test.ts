import { isValidCron, nextRuns, startSchedule } from '../../../alerting/summary/schedule';
import { waitFor } from '../../support/wait';

describe('schedule', () => {
  it('runs the default "0 8 * * *" at 08:00 Asia/Jakarta, which is 01:00 UTC', () => {
    const from = new Date('2026-02-17T12:00:00Z');
    expect(nextRuns('0 8 * * *', 'Asia/Jakarta', from, 3).map((d) => d.toISOString())).toEqual([
      '2026-02-18T01:00:00.000Z',
      '2026-02-19T01:00:00.000Z',
      '2026-02-20T01:00:00.000Z',
    ]);
  });

  it('runs today when 08:00 Jakarta is still ahead, and not twice at the same minute', () => {
    expect(nextRuns('0 8 * * *', 'Asia/Jakarta', new Date('2026-02-18T00:59:59Z'))[0]?.toISOString()).toBe(
      '2026-02-18T01:00:00.000Z',
    );
    expect(nextRuns('0 8 * * *', 'Asia/Jakarta', new Date('2026-02-18T01:00:00Z'))[0]?.toISOString()).toBe(
      '2026-02-19T01:00:00.000Z',
    );
  });

  it('reads the pattern in the configured zone, not the host’s', () => {
    expect(nextRuns('0 8 * * *', 'UTC', new Date('2026-02-17T12:00:00Z'))[0]?.toISOString()).toBe(
      '2026-02-18T08:00:00.000Z',
    );
  });

  it('validates patterns', () => {
    expect(['0 8 * * *', '30 7 * * 1-5', '*/10 * * * * *'].map(isValidCron)).toEqual([true, true, true]);
    expect(['0 25 * * *', 'daily', ''].map(isValidCron)).toEqual([false, false, false]);
  });

  it('reports its next run and stops', () => {
    const schedule = startSchedule(
      '0 8 * * *',
      'Asia/Jakarta',
      async () => {},
      () => {},
    );
    const next = schedule.nextRun();
    expect(next && next.getTime() > Date.now()).toBe(true);
    expect(next?.getUTCHours()).toBe(1);
    schedule.stop();
    expect(schedule.nextRun()).toBeUndefined();
  });

  it('hands what a run throws to onError and keeps running', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const schedule = startSchedule(
      '* * * * * *',
      'UTC',
      async () => {
        runs++;
        throw new Error('boom');
      },
      (err) => errors.push(err),
    );
    try {
      // Once a second, but a loaded machine fires late or skips a second: a bound far past two seconds.
      await waitFor('two runs', () => runs >= 2, 15_000);
      expect(errors[0]).toEqual(new Error('boom'));
    } finally {
      schedule.stop();
    }
  });
});
