/**
 * The bot's variables, part of the relay's schema (../config.ts stays the only reader of
 * process.env). The bot is off unless RELAY_BOT says how updates arrive; when it is on, the signing
 * secret and Alertmanager's URL are required, and a missing one stops the relay (exit 78) naming it.
 * Secrets (RELAY_BOT_SECRET, ALERTMANAGER_PASSWORD, the URL, which may carry credentials) are never
 * echoed.
 */
import { z } from 'zod';
import { envVar } from '../../../lib/config/env';
import { parseCooldown } from '../dedup';
import { DEFAULT_CALLBACK_TTL_MS } from './callback-data';

/** 32 characters: short secrets are guessable offline from one captured button. */
const MIN_SECRET_LENGTH = 32;

export const botEnvFields = {
  /** off (default), polling (getUpdates) or webhook (setWebhook with a secret token, webhook.ts). */
  RELAY_BOT: envVar.oneOf(['off', 'polling', 'webhook'], 'off'),
  /** The public HTTPS URL Telegram posts updates to; it must lead to the relay's POST /telegram/webhook. */
  RELAY_BOT_WEBHOOK_URL: envVar.url(['https']),
  /** Telegram's secret_token: 1-256 of A-Z a-z 0-9 _ -; here at least 32, as for RELAY_BOT_SECRET. */
  RELAY_BOT_WEBHOOK_SECRET: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{32,256}$/,
      "must be 32 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)",
    )
    .optional(),
  RELAY_BOT_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`)
    .optional(),
  RELAY_BOT_CALLBACK_TTL: z
    .string()
    .refine(
      (value) => value.trim().toLowerCase() !== 'none' && (parseCooldown(value) ?? 0) >= 60_000,
      'must be a duration such as 12h or 7d (at least 1m)',
    )
    .optional(),
  /** Telegram user ids allowed to act besides the alert chat's members. */
  TELEGRAM_ADMIN_IDS: z
    .string()
    .transform((value) => value.split(',').map((item) => item.trim()))
    .refine((ids) => ids.every((id) => /^\d{1,20}$/.test(id)), 'must be comma-separated Telegram user ids')
    .optional(),
  ALERTMANAGER_URL: envVar.url(['http', 'https']),
  ALERTMANAGER_USERNAME: z.string().optional(),
  ALERTMANAGER_PASSWORD: z.string().optional(),
};

type BotEnv = {
  RELAY_BOT: 'off' | 'polling' | 'webhook';
  RELAY_BOT_WEBHOOK_URL?: string;
  RELAY_BOT_WEBHOOK_SECRET?: string;
  RELAY_BOT_SECRET?: string;
  RELAY_BOT_CALLBACK_TTL?: string;
  TELEGRAM_ADMIN_IDS?: string[];
  ALERTMANAGER_URL?: string;
  ALERTMANAGER_USERNAME?: string;
  ALERTMANAGER_PASSWORD?: string;
};

/** For the schema's superRefine: what the bot needs once it is on. */
export function checkBotEnv(env: BotEnv, ctx: z.RefinementCtx): void {
  if (env.RELAY_BOT === 'off') return;
  for (const variable of ['RELAY_BOT_SECRET', 'ALERTMANAGER_URL'] as const) {
    if (!env[variable])
      ctx.addIssue({
        code: 'custom',
        path: [variable],
        message: `is required when RELAY_BOT is ${env.RELAY_BOT}`,
      });
  }
  if (env.RELAY_BOT === 'webhook')
    for (const variable of ['RELAY_BOT_WEBHOOK_URL', 'RELAY_BOT_WEBHOOK_SECRET'] as const)
      if (!env[variable])
        ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when RELAY_BOT is webhook' });
  if (Boolean(env.ALERTMANAGER_USERNAME) !== Boolean(env.ALERTMANAGER_PASSWORD))
    ctx.addIssue({
      code: 'custom',
      path: [env.ALERTMANAGER_USERNAME ? 'ALERTMANAGER_PASSWORD' : 'ALERTMANAGER_USERNAME'],
      message: 'is required with the other half of the basic auth',
    });
}

export interface BotConfig {
  transport: 'polling' | 'webhook';
  /** RELAY_BOT=webhook: where Telegram posts, and the secret it sends in every post's header. */
  webhook?: { url: string; secret: string };
  secret: string;
  callbackTtlMs: number;
  adminIds: string[];
  alertmanager: { url: string; basicAuth?: { username: string; password: string } };
}

/** null when the bot is off; call after the schema (and checkBotEnv) accepted `env`. */
export function botConfig(env: BotEnv): BotConfig | null {
  if (env.RELAY_BOT === 'off') return null;
  return {
    transport: env.RELAY_BOT,
    webhook:
      env.RELAY_BOT === 'webhook'
        ? { url: env.RELAY_BOT_WEBHOOK_URL as string, secret: env.RELAY_BOT_WEBHOOK_SECRET as string }
        : undefined,
    secret: env.RELAY_BOT_SECRET as string,
    callbackTtlMs: env.RELAY_BOT_CALLBACK_TTL
      ? (parseCooldown(env.RELAY_BOT_CALLBACK_TTL) as number)
      : DEFAULT_CALLBACK_TTL_MS,
    adminIds: env.TELEGRAM_ADMIN_IDS ?? [],
    alertmanager: {
      url: (env.ALERTMANAGER_URL as string).replace(/\/+$/, ''),
      basicAuth:
        env.ALERTMANAGER_USERNAME && env.ALERTMANAGER_PASSWORD
          ? { username: env.ALERTMANAGER_USERNAME, password: env.ALERTMANAGER_PASSWORD }
          : undefined,
    },
  };
}
