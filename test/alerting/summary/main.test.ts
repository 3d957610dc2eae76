/**
 * The summary service as a process: configuration errors, --dry-run, --now, the schedule, its /health
 * and SIGTERM.
 */
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { type AlertsTsdb, createAlertsTsdb } from '../../support/alerts-tsdb';
import { freePort } from '../../support/ports';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus-server';
import { runProcess } from '../../support/run-process';
import { type ServiceProcess, startServiceProcess } from '../../support/service-process';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { dayOfAlerts, STEP } from './history-fixture';

const MAIN = 'alerting/summary/main.ts';
jest.setTimeout(30_000);

const end = Math.floor(Date.now() / 60_000) * 60 - 120;
let tsdb: AlertsTsdb;
let prom: TestPrometheus;
let smtp: TestSmtpServer;
let running: ServiceProcess | undefined;

beforeAll(async () => {
  tsdb = createAlertsTsdb(dayOfAlerts(end), STEP, end);
  [prom, smtp] = await Promise.all([
    startPrometheus({ config: {}, storagePath: tsdb.path }),
    startSmtpServer({ user: 'summary', password: 'pw' }),
  ]);
});
afterEach(async () => {
  await running?.kill();
  running = undefined;
  smtp.received.length = 0;
});
afterAll(async () => {
  await Promise.all([prom?.stop(), smtp?.stop()]);
  tsdb?.remove();
});

const env = () => ({
  PROMETHEUS_URL: prom.url,
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtp.port),
  SMTP_SECURE: 'none',
  SMTP_USER: 'summary',
  SMTP_PASSWORD: 'pw',
  SMTP_FROM: 'Clicky Alerts <alerts@clicky.test>',
  SUMMARY_TO: 'ops@clicky.test,lead@clicky.test',
  SUMMARY_RETRIES: '0',
  // The subject below is production's; other environments are named in it (format.test.ts).
  APP_ENV: 'production',
});

/** `npm run summary -- <args>`, to its end. */
const runOnce = (args: string[], extra: Record<string, string> = {}) =>
  runProcess(process.execPath, ['--import', 'tsx', MAIN, ...args], { ...env(), ...extra });

describe('configuration errors', () => {
  it.each([
    [{ SUMMARY_TIME_ZONE: 'Mars/Olympus' }, 'SUMMARY_TIME_ZONE: must be an IANA time zone'],
    [{ SMTP_HOST: '' }, 'SMTP_HOST: is required'],
    [{ PROMETHEUS_URL: 'ftp://u:hunter2@prometheus' }, 'PROMETHEUS_URL: must be a URL'],
  ])('stops with exit code 78 naming the variable (%j)', async (extra, message) => {
    const { code, stderr } = await runOnce([], extra);
    expect(code).toBe(78);
    expect(stderr).toContain(`summary: invalid configuration: ${message}`);
    expect(stderr).not.toContain('hunter2');
  });

  it('exits 64 on an unknown flag', async () => {
    const { code, stderr } = await runOnce(['--tomorrow']);
    expect(code).toBe(64);
    expect(stderr).toContain("summary: Unknown option '--tomorrow'");
  });
});

describe('on demand', () => {
  it('--dry-run prints the email without SMTP settings and sends nothing', async () => {
    const { code, stdout } = await runOnce(['--dry-run'], { SMTP_HOST: '', SMTP_FROM: '', SUMMARY_TO: '' });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Subject: \[Clicky\] Daily alert summary \d{4}-\d\d-\d\d: 2 critical, 2 error, 2 warning\n\nAlerts that fired from /,
    );
    expect(stdout).toContain(
      '- ServiceDown {instance="fastapi:8000", job="clicky-api"}: fired 2 times, 15m 15s in total',
    );
    expect(smtp.received).toEqual([]);
  });

  it('--dry-run without Prometheus fails at once, with one line, whatever SUMMARY_RETRIES says', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { code, stdout, stderr } = await runOnce(['--dry-run'], {
      PROMETHEUS_URL: url,
      SUMMARY_RETRIES: '5',
      SUMMARY_RETRY_DELAY_MS: '3600000',
    });
    expect(code).toBe(69);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `summary: dry run: Prometheus could not be read: ${url}/api/v1/query_range: ECONNREFUSED\n`,
    );
  });

  it('--now sends one summary and exits 0', async () => {
    const { code } = await runOnce(['--now']);
    expect(code).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.envelope.to).toEqual(['ops@clicky.test', 'lead@clicky.test']);
    expect(smtp.received[0]?.headers.subject).toMatch(/: 2 critical, 2 error, 2 warning$/);
  });

  it('--now exits 1 when the summary could not be sent, after logging why at ERROR', async () => {
    const { code, stdout } = await runOnce(['--now'], { SMTP_PORT: String(await freePort()) });
    expect(code).toBe(1);
    const errors = stdout.split('\n').filter((line) => line.includes('"level":"ERROR"'));
    expect(errors.map((line) => JSON.parse(line).message)).toEqual(['Daily summary not sent']);
  });
});

describe('the scheduler', () => {
  /** Starts it sending every 2 s, its /health on a free port. */
  async function startScheduler(extra: Record<string, string> = {}) {
    const port = await freePort();
    const scheduler = startServiceProcess(MAIN, {
      ...env(),
      SUMMARY_CRON: '*/2 * * * * *',
      SUMMARY_TIME_ZONE: 'UTC',
      SUMMARY_PORT: String(port),
      ...extra,
    });
    running = scheduler;
    return { scheduler, health: `http://127.0.0.1:${port}/health` };
  }

  async function stopWithSigterm(scheduler: ServiceProcess): Promise<void> {
    scheduler.child.kill('SIGTERM');
    expect(await scheduler.exited).toBe(0);
    expect(scheduler.lines).toContainEqual(
      expect.objectContaining({ message: 'Summary scheduler stopping', signal: 'SIGTERM' }),
    );
  }

  it('sends on its schedule, answers /health on SUMMARY_PORT, and stops on SIGTERM', async () => {
    const { scheduler, health } = await startScheduler();
    const started = await scheduler.waitForLine((line) => line.message === 'Summary scheduler started');
    expect(started).toMatchObject({
      level: 'INFO',
      logger: 'summary.main',
      cron: '*/2 * * * * *',
      time_zone: 'UTC',
      port: Number(new URL(health).port),
    });
    expect(typeof started.next_run).toBe('string');
    await scheduler.waitForLine((line) => line.message === 'Daily summary sent');
    expect(smtp.received.length).toBeGreaterThanOrEqual(1);
    // Logged once the run is recorded.
    await scheduler.waitForLine((line) => line.message === 'Next summary scheduled');
    const answer = await fetch(health);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      status: 'ok',
      next_run: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_run: { at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), sent: true, history_read: true },
    });
    await stopWithSigterm(scheduler);
  });

  it('answers /health with 503 once a summary was not sent, showing no mail setting', async () => {
    const { scheduler, health } = await startScheduler({
      SMTP_PORT: String(await freePort()),
      SMTP_USER: 'summary-mailbox',
      SMTP_PASSWORD: 'hunter2-smtp',
    });
    await scheduler.waitForLine((line) => line.message === 'Daily summary not sent');
    await scheduler.waitForLine((line) => line.message === 'Next summary scheduled');
    const answer = await fetch(health);
    const body = await answer.text();
    expect(answer.status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({
      status: 'error',
      reason: 'last summary was not sent',
      last_run: { sent: false, history_read: true },
    });
    for (const secret of ['hunter2', 'summary-mailbox', 'clicky.test', '127.0.0.1'])
      expect(body).not.toContain(secret);
    await stopWithSigterm(scheduler);
  });

  it('exits 1 when SUMMARY_PORT is taken, saying so', async () => {
    const taken = createServer().listen(0);
    await once(taken, 'listening');
    try {
      const { port } = taken.address() as AddressInfo;
      running = startServiceProcess(MAIN, { ...env(), SUMMARY_PORT: String(port) });
      expect(await running.exited).toBe(1);
      expect(running.lines).toContainEqual(
        expect.objectContaining({
          level: 'CRITICAL',
          message: 'Summary status endpoint cannot listen',
          port,
        }),
      );
    } finally {
      taken.close();
    }
  });
});
