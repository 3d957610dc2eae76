/**
 * Deployment facts of the Alertmanager config. Alertmanager expands no environment variables, so
 * secrets are files mounted at deploy time (Docker secrets); everything here is safe to commit.
 */
import { seconds } from '../rules/promql';
import type { Duration, Severity } from '../rules/types';

export const secretFiles = {
  /** Bearer token the relay expects (relay side: its own config). */
  relayToken: '/etc/alertmanager/secrets/relay_token',
  /** Alertmanager 0.25 knows this field: `amtool check-config` rejects unknown ones and accepts it. */
  smtpPassword: '/etc/alertmanager/secrets/smtp_password',
} as const;

export const smtp = {
  smarthost: 'smtp.clicky.or.id:587',
  from: 'alerts@clicky.or.id',
  username: 'alerts@clicky.or.id',
  to: 'ops@clicky.or.id',
} as const;

export const receivers = { relay: 'telegram-relay', email: 'email', watchdog: 'watchdog' } as const;

export const relayWebhookUrl = 'http://relay:9471/alertmanager/webhook';

/**
 * The dead man's switch (COMMON contract): the Watchdog alert, on a route of its own placed first, so it
 * reaches the relay's heartbeat endpoint every minute and nothing else. Same payload and token as the
 * webhook; no resolved posts, which the relay could take for a heartbeat.
 */
export const watchdog = {
  alertname: 'Watchdog',
  url: 'http://relay:9471/alertmanager/watchdog',
  groupWait: '0s',
  groupInterval: '1m',
  repeatInterval: '1m',
} as const satisfies Record<string, string>;

/**
 * Alerts about the Telegram path itself also go by e-mail: Telegram cannot carry news of its own
 * failure. Each entry is one route's matchers (all must match); the alerts then go on to their
 * severity's channel as well (`continue: true`).
 */
export const telegramPathAlerts: Record<string, string>[] = [
  { alertname: 'RelayDown' },
  { alertname: 'RelayDeliveryFailing' },
  // The `webhook` integration is the relay; a failing `email` integration goes to Telegram as usual.
  { alertname: 'AlertmanagerNotificationsFailing', integration: 'webhook' },
];

/** The e-mail copy of a Telegram-path alert: sooner than the warnings' mail, since it is urgent. */
export const telegramPathMail = { groupWait: '30s', groupInterval: '5m' } as const satisfies Record<
  string,
  Duration
>;

/**
 * Grouping: one environment's alerts never share a notification with another's; `service` keeps one
 * service's alerts together; alerts without it group by name alone.
 */
export const groupBy = ['alertname', 'env', 'service'];

export interface Channel {
  receiver: (typeof receivers)[keyof typeof receivers];
  severities: Severity[];
  /** Wait before a group's first notice, so alerts of one incident (and their inhibitors) arrive together. */
  groupWait: Duration;
  /** Wait before telling about changes (new or resolved alerts) in a group already notified. */
  groupInterval: Duration;
}

/** Spec section 4, Alert Channels. */
export const channels: Channel[] = [
  // "Immediate": 30s lets a cause that fires in the same round (DatabaseDown) arrive and inhibit its effects.
  { receiver: receivers.relay, severities: ['critical', 'error'], groupWait: '30s', groupInterval: '1m' },
  // "Within 1 hour": first mail after 5m, changes every 15m (the shortest warning cooldown, SlowResponse's).
  { receiver: receivers.email, severities: ['warning'], groupWait: '5m', groupInterval: '15m' },
];

/** Catches alerts with no known severity (someone else's rule): mailed, never dropped. */
export const fallbackReceiver = receivers.email;

/**
 * Alertmanager has no "never repeat": a year is as good as never, and well inside its duration limit
 * (a 1000y interval fails `amtool check-config`).
 */
export const noRepeat: Duration = '365d';

/**
 * Flags Alertmanager must run with. 0.25 keeps a notification-log entry for --data.retention only
 * (120h by default; it warns "repeat_interval is greater than the data retention period"): a "none"
 * alert still firing would be re-sent after 5 days.
 */
export const requiredFlags = [`--data.retention=${seconds(noRepeat) / 3600}h`];
