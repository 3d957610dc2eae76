/**
 * What reached a human, read from the two places a human reads: the (fake) Telegram chat and the
 * (sink) mailbox. Each firing alert named in a message or a mail is one notification, with the time
 * it arrived; the relay's own "pipeline silent" message is the `relay-watchdog` channel.
 */

import type { FakeTelegram } from '../../test/support/fake-telegram';
import type { TestSmtpServer } from '../../test/support/smtp-server';

export type Channel = 'telegram' | 'email' | 'relay-watchdog';

export interface Notification {
  channel: Channel;
  /** The alert's name; for relay-watchdog, `PipelineSilent`. */
  alert: string;
  /** Epoch milliseconds when it arrived. */
  at: number;
  /** The whole message (Telegram text) or the subject and text of the mail. */
  text: string;
}

/** The relay's dead man's switch message ("alerting pipeline silent since …"). */
export const PIPELINE_SILENT = 'PipelineSilent';
const SILENT_TEXT = /pipeline silent/i;

/**
 * A firing alert's first line in a relay message: severity emoji, the environment tag outside
 * production ("[development] "), then "Name: summary" (alerting/relay/message.ts).
 */
const FIRING_LINE = /^(?:🔴|🟠|🟡|🔵|⚪) (?:\[[^\]\n]*\] )?([A-Za-z][A-Za-z0-9_]*)[:·\s]/gmu;
/** Alertmanager's default e-mail subject: "[FIRING:2] Name …". */
const FIRING_SUBJECT = /^\[FIRING:\d+\] ([A-Za-z][A-Za-z0-9_]*)/;

export function fromTelegram(text: string, at: number): Notification[] {
  if (SILENT_TEXT.test(text)) return [{ channel: 'relay-watchdog', alert: PIPELINE_SILENT, at, text }];
  return [...text.matchAll(FIRING_LINE)].map((m) => ({
    channel: 'telegram' as const,
    alert: m[1] as string,
    at,
    text,
  }));
}

export function fromMail(subject: string, body: string, at: number): Notification[] {
  const alert = FIRING_SUBJECT.exec(subject)?.[1];
  return alert ? [{ channel: 'email', alert, at, text: `${subject}\n${body}` }] : [];
}

export interface Inbox {
  /** Every notification so far, oldest first. */
  all(): Notification[];
  stop(): void;
}

/**
 * Watches both channels. Telegram messages carry the fake's own arrival time; mails get the time they
 * were first seen, polled every 100 ms (well inside the matrix's margins).
 */
export function watchInbox(telegram: FakeTelegram, smtp: TestSmtpServer): Inbox {
  const mails: Notification[] = [];
  let seen = 0;
  const poll = setInterval(() => {
    const now = Date.now();
    for (; seen < smtp.received.length; seen++) {
      const mail = smtp.received[seen];
      if (mail) mails.push(...fromMail(mail.headers.subject ?? '', mail.text ?? mail.html ?? '', now));
    }
  }, 100);
  poll.unref();
  return {
    all: () =>
      [...telegram.messages().flatMap((m) => fromTelegram(m.text, m.at)), ...mails].sort(
        (a, b) => a.at - b.at,
      ),
    stop: () => clearInterval(poll),
  };
}
