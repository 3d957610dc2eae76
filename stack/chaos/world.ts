/**
 * Everything a chaos scenario can break, running: the local stack (stack/stack.ts) at the scaled
 * clock, fed by the fake API, reaching the real PostgreSQL through a cuttable proxy, the relay posting
 * to the fake Telegram, Alertmanager mailing the SMTP sink. Scenarios get this object and nothing else.
 */
import { smtp as smtpSettings } from '../../alerting/alertmanager/settings';
import { FAKE_BOT_TOKEN, type FakeTelegram, startFakeTelegram } from '../../test/support/fake-telegram';
import { type PrometheusClient, prometheusClient } from '../../test/support/prometheus-server';
import { runProcess } from '../../test/support/run-process';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp-server';
import { monitors } from '../../uptime/monitors';
import { LOCAL_SMTP_PASSWORD } from '../configs';
import { ROOT } from '../services';
import { type Stack, startStack } from '../stack';
import { type ChaosApi, startChaosApi } from './api';
import { type Inbox, watchInbox } from './notifications';
import { prometheusFlags, SCRAPE_INTERVAL, scaledAlertmanagerConfig, scaledRuleFile } from './scale';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** The relay's dead man's switch at the scaled clock: three missed Watchdog repeats (2 s each). */
export const WATCHDOG_TIMEOUT_SECONDS = 6;

/** The `instance` of the batch jobs the matrix reports. */
export const CHAOS_INSTANCE = 'chaos-matrix';

export const POSTGRES = { host: '127.0.0.1', port: 5432 };

export interface ChaosWorld {
  stack: Stack;
  api: ChaosApi;
  /** Between the exporter and PostgreSQL. */
  postgres: TcpProxy;
  telegram: FakeTelegram;
  smtp: TestSmtpServer;
  inbox: Inbox;
  prometheus: PrometheusClient;
  /**
   * Runs `report-job` as a deploy pipeline would, against the stack's Pushgateway, as instance
   * CHAOS_INSTANCE (so its alerts are told apart from anything else pushed there).
   */
  reportJob(job: string, exitCode: number): Promise<void>;
  /** Posts an alert to Alertmanager's API as Prometheus would (`endsAt` in the past resolves it). */
  postAlert(labels: Record<string, string>, resolved?: boolean): Promise<void>;
  log(line: string): void;
  stop(): Promise<void>;
}

export async function startWorld(log: (line: string) => void = () => {}): Promise<ChaosWorld> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const telegram = await startFakeTelegram();
    cleanups.push(() => telegram.close());
    const smtp = await startSmtpServer(
      { user: smtpSettings.username, password: LOCAL_SMTP_PASSWORD },
      // Alertmanager speaks plain SMTP to it (scale.ts); no STARTTLS offered.
      { disabledCommands: ['STARTTLS'] },
    );
    cleanups.push(() => smtp.stop());
    const postgres = await startTcpProxy(POSTGRES);
    cleanups.push(() => postgres.close());
    const api = await startChaosApi();
    cleanups.push(() => api.close());
    const local = (path: string) => `http://${api.hostPort}${path}`;
    const stack = await startStack({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        APP_ENV: 'development',
        LOG_LEVEL: 'info',
        DATABASE_URL: `postgres://postgres@${postgres.address}/postgres`,
        REDIS_URL: 'redis://127.0.0.1:6379',
        // The exporter's checks at the scaled clock: a scrape sees a dependency's state of the last second.
        METRICS_DEPENDENCY_MAX_AGE_MS: '1000',
        HEALTH_TIMEOUT_MS: '1000',
        TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
        TELEGRAM_CHAT_ID: '-1001234567890',
        TELEGRAM_API_URL: telegram.url,
        RELAY_RETRY_MAX_DELAY_MS: '1000',
        RELAY_WATCHDOG_TIMEOUT: `${WATCHDOG_TIMEOUT_SECONDS}s`,
      },
      relay: true,
      api: api.hostPort,
      // The fixture serves readiness only, so the API is probed as api-ready (ServiceDown's monitor).
      monitors: [{ ...monitors.apiReady, url: local('/health/ready') }],
      scrapeInterval: SCRAPE_INTERVAL,
      smtpPort: smtp.port,
      configs: {
        rules: scaledRuleFile(),
        alertmanager: scaledAlertmanagerConfig(),
      },
      extraArgs: { prometheus: prometheusFlags },
      readyTimeoutMs: 60_000,
      log,
    });
    cleanups.push(() => stack.stop());
    const inbox = watchInbox(telegram, smtp);
    cleanups.push(() => inbox.stop());
    const url = (name: 'prometheus' | 'alertmanager' | 'pushgateway') => {
      const found = stack.urls[name];
      if (!found) throw new Error(`the stack runs no ${name}`);
      return found;
    };
    const prometheusUrl = url('prometheus');
    return {
      stack,
      api,
      postgres,
      telegram,
      smtp,
      inbox,
      prometheus: prometheusClient(prometheusUrl),
      async reportJob(job, exitCode) {
        const result = await runProcess(
          process.execPath,
          [
            '--import',
            'tsx',
            `${ROOT}/alerting/jobs/report-job.ts`,
            '--job',
            job,
            '--exit-code',
            String(exitCode),
            '--instance',
            CHAOS_INSTANCE,
            '--pushgateway',
            url('pushgateway'),
          ],
          { HOME: process.env.HOME ?? '' },
        );
        if (result.code !== 0) throw new Error(`report-job exited ${result.code}: ${result.stderr.trim()}`);
      },
      async postAlert(labels, resolved = false) {
        const now = Date.now();
        const response = await fetch(`${url('alertmanager')}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify([
            {
              labels,
              annotations: { summary: 'A chaos matrix canary', description: 'Posted by npm run chaos.' },
              startsAt: new Date(now - 1000).toISOString(),
              endsAt: new Date(resolved ? now : now + 10 * 60_000).toISOString(),
            },
          ]),
        });
        if (!response.ok) throw new Error(`Alertmanager refused the alert: ${response.status}`);
      },
      log,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
