/**
 * One run end to end: a real Prometheus holding a day of ALERTS history, an in-process SMTP server
 * with AUTH, and the run's log lines.
 */
import { createMailer } from '../../../alerting/summary/mailer';
import { runSummary, type SummaryRunOptions } from '../../../alerting/summary/run-summary';
import { type AlertsTsdb, createAlertsTsdb } from '../../support/alerts-tsdb';
import { capturedLogger } from '../../support/captured-logger';
import { freePort } from '../../support/ports';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus-server';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { dayOfAlerts, STEP, XSS_ROUTE } from './history-fixture';

jest.setTimeout(30_000);

const end = Math.floor(Date.now() / 60_000) * 60 - 120;
const credentials = { user: 'summary', password: 'pw' };
const envelope = { from: 'Clicky Alerts <alerts@clicky.test>', to: ['ops@clicky.test'] };
let tsdb: AlertsTsdb;
let prom: TestPrometheus;
let smtp: TestSmtpServer;

beforeAll(async () => {
  tsdb = createAlertsTsdb(dayOfAlerts(end), STEP, end);
  prom = await startPrometheus({ config: {}, storagePath: tsdb.path });
});
beforeEach(async () => {
  smtp = await startSmtpServer(credentials);
});
afterEach(() => smtp.stop());
afterAll(async () => {
  await prom?.stop();
  tsdb?.remove();
});

function options(overrides: { prometheusUrl?: string; smtpPort?: number; dryRun?: boolean } = {}) {
  const { logger, records } = capturedLogger({ app: 'summary' });
  const mailer = createMailer({
    host: '127.0.0.1',
    port: overrides.smtpPort ?? smtp.port,
    security: 'none',
    ...credentials,
    timeoutMs: 5000,
  });
  const run: SummaryRunOptions = {
    config: {
      prometheus: { url: overrides.prometheusUrl ?? prom.url, timeoutMs: 5000 },
      timeZone: 'Asia/Jakarta',
      stepSeconds: STEP,
      retries: 2,
      retryDelayMs: 10,
    },
    logger,
    mail: overrides.dryRun ? undefined : { envelope, mailer },
    now: end * 1000,
  };
  const logged = () => records().map((r) => `${r.level} ${r.message}`);
  return { run, records, logged };
}

it('names the environment it reports on (APP_ENV) when it is not production', async () => {
  const { run } = options();
  const result = await runSummary({ ...run, config: { ...run.config, env: 'staging' } });
  expect(result.sent).toBe(true);
  expect(smtp.received[0]?.headers.subject).toMatch(
    /^\[Clicky staging\] Daily alert summary \d{4}-\d\d-\d\d: /,
  );
  expect(result.content.text).toMatch(/^Environment: staging\.\n/);
});

it('emails the day’s alerts with how often and how long each fired', async () => {
  const { run, records } = options();
  const result = await runSummary(run);
  expect(result.sent).toBe(true);
  const [mail] = smtp.received;
  expect(mail?.envelope).toEqual({ from: 'alerts@clicky.test', to: ['ops@clicky.test'] });
  expect(mail?.headers.subject).toMatch(
    /^\[Clicky\] Daily alert summary \d{4}-\d\d-\d\d: 2 critical, 2 error, 2 warning$/,
  );
  for (const line of [
    '- DatabaseDown {service="db"}: fired 1 time, 24h in total, already firing at the start, still firing',
    /- ServiceDown \{instance="fastapi:8000", job="clicky-api"\}: fired 2 times, 15m 15s in total, first at .*, last at /,
    /- BackupFailed \{job="backup"\}: fired 1 time, 1h in total, already firing at the start, last at /,
    /- HighErrorRate \{job="clicky-api"\}: fired 1 time, 1h in total, first at /,
    /- DiskSpaceLow \{instance="node:9100", mountpoint="\/"\}: fired 1 time, 10m in total, first at .*, still firing/,
    /- SlowResponse \{.*\}: fired 1 time, 45s in total, /,
  ])
    expect(mail?.text).toMatch(line);
  expect(mail?.text).not.toMatch(/InfoOnly|DiskSpaceCritical|WpSyncFailed/);
  expect(mail?.text).toBe(result.content.text);
  expect(mail?.html).toContain('&lt;script&gt;');
  expect(mail?.html).not.toContain(XSS_ROUTE);
  expect(records().at(-1)).toMatchObject({
    level: 'INFO',
    message: 'Daily summary sent',
    recipients: 1,
    critical: 2,
    error: 2,
    warning: 2,
  });
});

it('retries a failed send with backoff, logging each failure at ERROR', async () => {
  const { run, logged } = options();
  smtp.failNext(2);
  expect((await runSummary(run)).sent).toBe(true);
  expect(smtp.received).toHaveLength(1);
  expect(logged()).toEqual([
    'ERROR Daily summary send failed',
    'ERROR Daily summary send failed',
    'INFO Daily summary sent',
  ]);
});

it('gives up after the retries without throwing when the relay is down', async () => {
  const { run, records } = options({ smtpPort: await freePort() });
  expect((await runSummary(run)).sent).toBe(false);
  expect(records().map((r) => [r.level, r.message, r.attempt, r.retry_in_ms])).toEqual([
    ['ERROR', 'Daily summary send failed', 1, 10],
    ['ERROR', 'Daily summary send failed', 2, 20],
    ['ERROR', 'Daily summary not sent', 3, undefined],
  ]);
});

it('sends a notice when Prometheus cannot be read', async () => {
  const down = `http://127.0.0.1:${await freePort()}`;
  const { run, logged } = options({ prometheusUrl: down });
  const result = await runSummary(run);
  expect(result).toMatchObject({ sent: true, summary: undefined });
  expect(smtp.received[0]?.headers.subject).toMatch(/: unavailable, Prometheus could not be read$/);
  expect(smtp.received[0]?.text).toContain(
    `could not be read from Prometheus: ${down}/api/v1/query_range: ECONNREFUSED`,
  );
  expect(logged()).toEqual([
    'WARNING Alert history query failed',
    'WARNING Alert history query failed',
    'ERROR Alert history unavailable, the summary says so instead',
    'INFO Daily summary sent',
  ]);
});

it('only composes the email in a dry run', async () => {
  const { run } = options({ dryRun: true });
  const result = await runSummary(run);
  expect(result.sent).toBe(false);
  expect(result.summary?.counts).toEqual({ critical: 2, error: 2, warning: 2 });
  expect(smtp.received).toEqual([]);
});
