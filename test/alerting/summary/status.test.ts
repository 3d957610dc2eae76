import type { SummaryRunResult } from '../../../alerting/summary/run-summary';
import { createRunStatus } from '../../../alerting/summary/status';

const summary = {
  window: { start: 0, end: 86_400, step: 15 },
  alerts: [],
  counts: { critical: 0, error: 0, warning: 0 },
};
const at = new Date('2026-03-02T01:00:07.000Z');

describe('createRunStatus', () => {
  it('has no last run before the first one ended', () => {
    expect(createRunStatus().lastRun).toBeUndefined();
  });

  it('keeps when and whether the last run sent, and whether it read the history, not the email', () => {
    const status = createRunStatus();
    const result: SummaryRunResult = {
      sent: true,
      summary,
      content: { subject: 'Daily alert summary', text: 'to ops@clicky.test', html: '' },
    };
    status.record(result, at);
    expect(status.lastRun).toEqual({ at, sent: true, historyRead: true });
    // Prometheus unreadable, the notice not sent either.
    status.record({ sent: false, summary: undefined }, new Date(at.getTime() + 86_400_000));
    expect(status.lastRun).toEqual({
      at: new Date('2026-03-03T01:00:07.000Z'),
      sent: false,
      historyRead: false,
    });
  });

  it('stamps a run with the time it ended by default', () => {
    const status = createRunStatus();
    const before = Date.now();
    status.record({ sent: true, summary });
    expect(status.lastRun?.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(status.lastRun?.at.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
