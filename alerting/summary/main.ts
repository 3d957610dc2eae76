/**
 * The daily alert summary service (`npm run summary`): sends the summary on SUMMARY_CRON in
 * SUMMARY_TIME_ZONE until SIGTERM, answering GET /health on SUMMARY_PORT meanwhile (exit 1 when the
 * port cannot be had). `--now` sends one at once and exits (0 sent, 1 not sent);
 * `--dry-run` prints one without sending (no SMTP settings needed). Invalid configuration stops here
 * with a message naming the variable (exit code 78, EX_CONFIG); an unknown flag exits 64.
 */
import { parseArgs } from 'node:util';
import { exitOnHelp } from '../../lib/cli/help';
import { configOrExit, EX_UNAVAILABLE, EX_USAGE } from '../../lib/config/exit-codes';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { loadSummaryConfig, summaryEnvSchema } from './config';
import { createMailer } from './mailer';
import { runSummary, type SummaryRunOptions } from './run-summary';
import { startSchedule } from './schedule';
import { createRunStatus } from './status';
import { startStatusServer } from './status-server';

/** Inside Docker's 10 s stop grace period: a send in flight gets this long to finish. */
const SHUTDOWN_WAIT_MS = 5000;

function flagsOrExit(): { now: boolean; dryRun: boolean } {
  try {
    const { values } = parseArgs({ options: { now: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
    return { now: values.now === true, dryRun: values['dry-run'] === true };
  } catch (err) {
    process.stderr.write(`summary: ${(err as Error).message}\nusage: summary [--now] [--dry-run]\n`);
    process.exit(EX_USAGE);
  }
}

async function main(): Promise<void> {
  exitOnHelp({
    usage: 'npm run summary [-- --now | --dry-run]   (npm run summary:dry-run)',
    summary:
      'The daily alert summary e-mail: sent on SUMMARY_CRON until SIGTERM, GET /health on SUMMARY_PORT.',
    options: [
      ['--now', 'send one summary at once and exit (0 sent, 1 not sent)'],
      ['--dry-run', 'print one summary without sending (no SMTP settings needed); fails fast'],
    ],
    environment: summaryEnvSchema(false),
    seeAlso: 'README.md, "Daily alert summary", for what each variable means',
  });
  const flags = flagsOrExit();
  const config = configOrExit('summary', () => loadSummaryConfig(process.env, { dryRun: flags.dryRun }));
  const service = createServiceLogger({
    app: 'summary',
    env: config.env,
    // A dry run is a person at a terminal: its one failure line below says it all, no JSON log.
    level: flags.dryRun ? 'critical' : config.logLevel,
    lokiUrl: config.lokiUrl,
  });
  const log = service.logger.child({ logger: 'summary.main' });
  const shutdown = new AbortController();
  const run: SummaryRunOptions = {
    // A dry run tries once: nobody waits minutes on retries to learn that Prometheus is away.
    config: flags.dryRun ? { ...config, retries: 0 } : config,
    logger: service.logger.child({ logger: 'summary.run' }),
    mail:
      config.mail && !flags.dryRun
        ? { envelope: { from: config.mail.from, to: config.mail.to }, mailer: createMailer(config.mail.smtp) }
        : undefined,
    signal: shutdown.signal,
  };

  if (flags.dryRun || flags.now) {
    const result = await runSummary(run);
    if (flags.dryRun && !result.summary) {
      process.stderr.write(`summary: dry run: Prometheus could not be read: ${result.historyError}\n`);
      await service.close();
      process.exit(EX_UNAVAILABLE);
    }
    const printed = `Subject: ${result.content.subject}\n\n${result.content.text}`;
    // Written before exiting: process.exit() does not wait for a piped stdout.
    if (flags.dryRun) await new Promise((resolve) => process.stdout.write(printed, resolve));
    await service.close();
    process.exit(flags.dryRun || result.sent ? 0 : 1);
  }

  let inFlight: Promise<unknown> = Promise.resolve();
  const status = createRunStatus();
  const schedule = startSchedule(
    config.cron,
    config.timeZone,
    async () => {
      const running = runSummary(run);
      inFlight = running;
      status.record(await running);
      log.info({ next_run: schedule.nextRun()?.toISOString() }, 'Next summary scheduled');
    },
    (err) => log.error({ err }, 'Summary run failed unexpectedly'),
  );
  const server = await startStatusServer({ port: config.port, status, schedule }).catch(async (err) => {
    // A supervisor restarts it; the log says why.
    log.critical({ err, port: config.port }, 'Summary status endpoint cannot listen');
    await service.close();
    process.exit(1);
  });
  log.info(
    {
      cron: config.cron,
      time_zone: config.timeZone,
      next_run: schedule.nextRun()?.toISOString(),
      port: config.port,
    },
    'Summary scheduler started',
  );

  const stop = async (signal: NodeJS.Signals) => {
    log.info({ signal }, 'Summary scheduler stopping');
    schedule.stop();
    shutdown.abort();
    const sendEnded = Promise.race([
      inFlight,
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref()),
    ]);
    await Promise.all([server.close(), sendEnded]);
    await service.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

void main();
