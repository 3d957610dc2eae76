/**
 * The relay's configuration: the only reader of process.env in this service, validated at start
 * (main.ts exits 78 naming the variable). Shared variables (APP_ENV, LOG_LEVEL, LOKI_URL,
 * SHUTDOWN_DRAIN_MS, METRICS_TOKEN) mean what they mean for the exporter; the README's
 * configuration table lists them all. Values are never echoed: the bot token is one of them.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { type Env, envVar, loadEnv } from '../../lib/config/env';
import { bearerTokenVar, httpServiceEnvFields } from '../../lib/config/http-service-env';
import { checkLogLevel, loggingConfig, loggingEnvFields } from '../../lib/config/logging-env';
import type { AppEnv, LevelName } from '../../lib/logging/levels';
import { type BotConfig, botConfig, botEnvFields, checkBotEnv } from './bot/config';
import { parseCooldown } from './dedup';
import { parseWatchdogTimeout, watchdogTimeoutVar } from './watchdog/timeout';

const MIB = 1024 * 1024;
const SHUTDOWN_BUDGET_MS = 8000;

/** BotFather's tokens: the bot id, a colon, then 35 characters (a little slack either way). */
export const BOT_TOKEN_SYNTAX = /^\d{6,12}:[A-Za-z0-9_-]{30,64}$/;
/** A numeric chat id (negative for groups and channels) or a public channel's @username. */
export const CHAT_ID_SYNTAX = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/;

const schema = z
  .object({
    RELAY_PORT: envVar.port(9471),
    ...httpServiceEnvFields,
    ...loggingEnvFields,
    METRICS_TOKEN: bearerTokenVar(),
    TELEGRAM_BOT_TOKEN: z
      .string({ error: 'is required' })
      .regex(BOT_TOKEN_SYNTAX, 'must be a bot token as BotFather gives it (<digits>:<35 characters>)'),
    TELEGRAM_CHAT_ID: z
      .string({ error: 'is required' })
      .regex(CHAT_ID_SYNTAX, 'must be a chat id (an integer, negative for groups) or @channelname'),
    TELEGRAM_API_URL: envVar.url(['http', 'https']).default('https://api.telegram.org'),
    TELEGRAM_TIMEOUT_MS: envVar.milliseconds(10_000, { min: 100, max: 60_000 }),
    RELAY_WEBHOOK_TOKEN: bearerTokenVar(),
    RELAY_BODY_LIMIT_BYTES: envVar.count(MIB, { min: 1024, max: 64 * MIB }),
    RELAY_SPOOL_DIR: z.string().optional(),
    RELAY_HA_CLAIMS_DIR: z.string().optional(),
    RELAY_QUEUE_MAX: envVar.count(10_000, { min: 1, max: 1_000_000 }),
    RELAY_DEDUP_MAX: envVar.count(10_000, { min: 1, max: 1_000_000 }),
    RELAY_DEFAULT_COOLDOWN: z
      .string()
      .refine((value) => parseCooldown(value) !== undefined, 'must be a duration such as 5m, 1h, 1d, or none')
      .default('5m'),
    RELAY_TIME_ZONE: envVar.timeZone('Asia/Jakarta'),
    /** Grafana's base URL: messages link to the panel of an alert's rule (optional: no link without it). */
    GRAFANA_URL: envVar.url(['http', 'https']),
    RELAY_COALESCE_MS: envVar.milliseconds(500, { min: 0, max: 60_000 }),
    RELAY_RETRY_MAX_DELAY_MS: envVar.milliseconds(60_000, { min: 1000, max: 3_600_000 }),
    RELAY_SHUTDOWN_FLUSH_MS: envVar.milliseconds(4000, { min: 0, max: 7000 }),
    RELAY_WATCHDOG_TIMEOUT: watchdogTimeoutVar(),
    ...botEnvFields,
  })
  .superRefine((env, ctx) => {
    checkLogLevel(env, ctx);
    checkBotEnv(env, ctx);
    // The spool directory holds this relay's HA identity (ha/identity.ts): shared, both relays would
    // have one, and each would take the other's claims for its own.
    if (
      env.RELAY_HA_CLAIMS_DIR &&
      env.RELAY_SPOOL_DIR &&
      resolve(env.RELAY_HA_CLAIMS_DIR) === resolve(env.RELAY_SPOOL_DIR)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['RELAY_HA_CLAIMS_DIR'],
        message:
          "must not be RELAY_SPOOL_DIR: the claims are shared by the pair, the spool is each relay's own",
      });
    }
    // Both happen inside the 9 s shutdown deadline (lib/http/graceful-shutdown.ts), with room to close.
    if (env.SHUTDOWN_DRAIN_MS + env.RELAY_SHUTDOWN_FLUSH_MS > SHUTDOWN_BUDGET_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RELAY_SHUTDOWN_FLUSH_MS'],
        message: `plus SHUTDOWN_DRAIN_MS must be at most ${SHUTDOWN_BUDGET_MS} ms`,
      });
    }
  });

export interface RelayConfig {
  port: number;
  version: string;
  /** APP_REVISION: the source revision, for clicky_relay_build_info. */
  revision: string;
  /** GRAFANA_URL, for the "📊 dashboard" link; undefined: no link. */
  grafanaUrl?: string;
  env: AppEnv;
  logLevel: LevelName;
  lokiUrl?: string;
  shutdownDrainMs: number;
  /** Bearer token required on /metrics; unset: open. */
  metricsToken?: string;
  telegram: { apiUrl: string; token: string; chatId: string; timeoutMs: number };
  /** Bearer token Alertmanager must present on the webhook; unset: open (trusted network only). */
  webhookToken?: string;
  bodyLimitBytes: number;
  /** Where accepted alerts are spooled; unset: memory only, lost if the process dies. */
  spoolDir?: string;
  /** The HA pair's shared claims directory (alerting/relay/ha/); unset: a single relay. */
  haClaimsDir?: string;
  queueMax: number;
  dedupMax: number;
  defaultCooldownMs: number;
  timeZone: string;
  coalesceMs: number;
  retryMaxDelayMs: number;
  /** Part of the 9 s shutdown deadline given to delivering what is queued. */
  shutdownFlushMs: number;
  /** Silence after which the relay says the pipeline is silent (watchdog/); null: `off`. */
  watchdogTimeoutMs: number | null;
  /** The two-way bot (bot/); null: off (RELAY_BOT unset). */
  bot: BotConfig | null;
}

export function loadRelayConfig(env: Env = process.env): RelayConfig {
  const e = loadEnv(schema, env);
  return {
    port: e.RELAY_PORT,
    version: e.APP_VERSION,
    revision: e.APP_REVISION,
    ...loggingConfig(e),
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    metricsToken: e.METRICS_TOKEN,
    telegram: {
      apiUrl: e.TELEGRAM_API_URL,
      token: e.TELEGRAM_BOT_TOKEN,
      chatId: e.TELEGRAM_CHAT_ID,
      timeoutMs: e.TELEGRAM_TIMEOUT_MS,
    },
    webhookToken: e.RELAY_WEBHOOK_TOKEN,
    bodyLimitBytes: e.RELAY_BODY_LIMIT_BYTES,
    spoolDir: e.RELAY_SPOOL_DIR,
    haClaimsDir: e.RELAY_HA_CLAIMS_DIR,
    queueMax: e.RELAY_QUEUE_MAX,
    dedupMax: e.RELAY_DEDUP_MAX,
    defaultCooldownMs: parseCooldown(e.RELAY_DEFAULT_COOLDOWN) as number,
    timeZone: e.RELAY_TIME_ZONE,
    grafanaUrl: e.GRAFANA_URL,
    coalesceMs: e.RELAY_COALESCE_MS,
    retryMaxDelayMs: e.RELAY_RETRY_MAX_DELAY_MS,
    shutdownFlushMs: e.RELAY_SHUTDOWN_FLUSH_MS,
    watchdogTimeoutMs: parseWatchdogTimeout(e.RELAY_WATCHDOG_TIMEOUT) as number | null,
    bot: botConfig(e),
  };
}

/** The variables the relay reads, for --help. */
export { schema as relayEnvSchema };
