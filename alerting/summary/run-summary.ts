/**
 * One summary run: read the alert history (retried), compose the email (a notice when the history
 * cannot be read), send it (retried). Never throws: every failure is logged, at ERROR when it is final.
 */
import type { Logger } from '../../lib/logging/logger';
import { buildSummary, type DailySummary, summaryWindow } from './build-summary';
import type { SummaryConfig } from './config';
import type { Envelope, Mailer } from './mailer';
import { type MailContent, summaryMessage, unavailableMessage } from './message';
import { retry } from './retry';

export interface SummaryRunOptions {
  config: Pick<SummaryConfig, 'prometheus' | 'timeZone' | 'stepSeconds' | 'retries' | 'retryDelayMs'> &
    /** APP_ENV: named in the email when it is not production; GRAFANA_URL: the panel links. */
    Partial<Pick<SummaryConfig, 'env' | 'grafanaUrl'>>;
  logger: Logger;
  /** Where to send; absent for a dry run (the content is only returned). */
  mail?: { envelope: Envelope; mailer: Mailer };
  /** Milliseconds since the epoch; default: now. */
  now?: number;
  /** Shutdown: stops waiting between retries. */
  signal?: AbortSignal;
}

export interface SummaryRunResult {
  content: MailContent;
  /** Absent when the history could not be read. */
  summary?: DailySummary;
  /** Why the history could not be read, when it could not. */
  historyError?: string;
  sent: boolean;
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function runSummary(options: SummaryRunOptions): Promise<SummaryRunResult> {
  const { config, logger, mail, signal } = options;
  const window = summaryWindow(options.now ?? Date.now(), config.stepSeconds);
  const retryOptions = { retries: config.retries, delayMs: config.retryDelayMs, signal };

  const built = await retry(
    () =>
      buildSummary(window, {
        prometheusUrl: config.prometheus.url,
        timeoutMs: config.prometheus.timeoutMs,
        signal,
      }),
    {
      ...retryOptions,
      onFailure: (err, attempt, retryInMs) =>
        retryInMs === undefined
          ? logger.error({ err, attempt }, 'Alert history unavailable, the summary says so instead')
          : logger.warning({ err, attempt, retry_in_ms: retryInMs }, 'Alert history query failed'),
    },
  );
  const summary = built.ok ? built.value : undefined;
  const content = built.ok
    ? summaryMessage(built.value, config.timeZone, config.env, config.grafanaUrl)
    : unavailableMessage(window, errorMessage(built.error), config.timeZone, config.env);
  const historyError = built.ok ? undefined : errorMessage(built.error);
  if (!mail) return { content, summary, historyError, sent: false };

  const sent = await retry(() => mail.mailer.send(mail.envelope, content), {
    ...retryOptions,
    onFailure: (err, attempt, retryInMs) =>
      logger.error(
        { err, attempt, retry_in_ms: retryInMs },
        retryInMs === undefined ? 'Daily summary not sent' : 'Daily summary send failed',
      ),
  });
  if (!sent.ok) return { content, summary, sent: false };
  // Retrying would send the accepted recipients a second copy: report the refused ones instead.
  if (sent.value.rejected > 0)
    logger.error({ rejected: sent.value.rejected }, 'Daily summary refused for some recipients');
  logger.info(
    {
      subject: content.subject,
      message_id: sent.value.messageId,
      recipients: mail.envelope.to.length,
      ...summary?.counts,
    },
    'Daily summary sent',
  );
  return { content, summary, sent: true };
}
