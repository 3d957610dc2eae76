/**
 * Chat commands: /help, /alerts (firing-alerts.ts), /silences (active silences, each with an
 * Unsilence button signed like the alert buttons) and /status (the pipeline's health). Only people
 * allowed to act get answers (authorise.ts); others are ignored, so a public mention cannot make the
 * bot talk. Answers go out through `send`, which yields to alert delivery (setup.ts).
 */
import { escapeHtml, splitHtml } from '../format';
import { formatDuration, formatTime } from '../time-format';
import type { Authoriser } from './authorise';
import type { CallbackSigner } from './callback-data';
import { firingAlertsAnswer } from './firing-alerts';
import type { InlineKeyboard } from './keyboard';
import { SilenceError, type SilencesClient } from './silences';

export interface CommandMessage {
  from?: { id: number };
  chat: { id: number };
  text?: string;
}

export interface CommandDeps {
  authoriser: Authoriser;
  silences: SilencesClient;
  signer: CallbackSigner;
  timeZone: string;
  send(chatId: number, html: string, markup?: InlineKeyboard): Promise<void>;
  /** The relay's view of the pipeline, for /status. */
  health(): PipelineHealth;
}

export interface PipelineHealth {
  queueDepth: number;
  telegram: { status: string; reason?: string };
  /** The dead man's switch (watchdog/); enabled false with RELAY_WATCHDOG_TIMEOUT=off. */
  watchdog: { enabled: boolean; silent: boolean; ageSeconds: number };
}

/** Most silences listed in one answer: each has a button, and a keyboard must stay readable. */
export const MAX_LISTED = 15;
/** Visible characters of one silence's matchers, so 15 of them stay within Telegram's 4096. */
const MAX_MATCHERS_LENGTH = 160;

export const HELP = [
  '<b>Alert bot</b>',
  'Under each firing alert: 🔕 1h / 4h / 24h silences it in Alertmanager, 👀 Ack says you are on it, 🔔 Unsilence undoes either.',
  '/alerts: what is firing now (not silenced), grouped as the alert messages are',
  '/silences: active silences, each with an Unsilence button',
  "/status: the alerting pipeline's health",
  '/help: this text',
].join('\n');

export async function handleCommand(message: CommandMessage, deps: CommandDeps): Promise<void> {
  const command = /^\/([a-z]+)(?:@\w+)?(?:\s|$)/i.exec(message.text ?? '')?.[1]?.toLowerCase();
  if (!command || !message.from) return;
  if (!(await deps.authoriser.decide(message.from.id)).allowed) return;
  if (command === 'help' || command === 'start') return deps.send(message.chat.id, HELP);
  if (command === 'alerts') {
    // A long list goes as several messages, each within Telegram's limit (format.ts).
    for (const part of splitHtml(await alertsAnswer(deps))) await deps.send(message.chat.id, part);
    return;
  }
  if (command === 'silences') return deps.send(message.chat.id, ...(await silencesAnswer(deps)));
  if (command === 'status') return deps.send(message.chat.id, statusAnswer(deps.health()));
}

async function alertsAnswer(deps: CommandDeps): Promise<string> {
  try {
    return firingAlertsAnswer(await deps.silences.firingAlerts(), deps.timeZone);
  } catch (err) {
    if (err instanceof SilenceError) return escapeHtml(err.userMessage);
    throw err;
  }
}

async function silencesAnswer(deps: CommandDeps): Promise<[string, InlineKeyboard?]> {
  let active: Awaited<ReturnType<SilencesClient['listActive']>>;
  try {
    active = await deps.silences.listActive();
  } catch (err) {
    if (err instanceof SilenceError) return [escapeHtml(err.userMessage)];
    throw err;
  }
  if (active.length === 0) return ['No active silences.'];
  const shown = active.slice(0, MAX_LISTED);
  const lines = shown.map((s, i) => {
    const matchers = s.matchers.map(
      (m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}"${m.value}"`,
    );
    return `${i + 1}. 🔕 ${escapeHtml(clip(matchers.join(', ')))}\n   until ${formatTime(Date.parse(s.endsAt), deps.timeZone)}, by ${escapeHtml(s.createdBy)}`;
  });
  if (active.length > shown.length)
    lines.push(`…and ${active.length - shown.length} more (see Alertmanager).`);
  const keyboard: InlineKeyboard = {
    inline_keyboard: shown.map((s, i) => [
      { text: `🔔 Unsilence ${i + 1}`, callback_data: deps.signer.sign('x', s.id) },
    ]),
  };
  return [[`<b>Active silences (${active.length})</b>`, ...lines].join('\n'), keyboard];
}

const clip = (text: string) =>
  text.length > MAX_MATCHERS_LENGTH ? `${text.slice(0, MAX_MATCHERS_LENGTH - 1)}…` : text;

export function statusAnswer(health: PipelineHealth): string {
  const { watchdog, telegram } = health;
  const watchdogLine = !watchdog.enabled
    ? 'Watchdog: not watched (RELAY_WATCHDOG_TIMEOUT=off)'
    : `Watchdog: ${watchdog.silent ? '🚨 silent' : '✅ last seen'} ${formatDuration(watchdog.ageSeconds * 1000)} ago`;
  return [
    '<b>Pipeline status</b>',
    escapeHtml(watchdogLine),
    `Alerts waiting for Telegram: ${health.queueDepth}`,
    escapeHtml(`Telegram: ${telegram.status}${telegram.reason ? ` (${telegram.reason})` : ''}`),
  ].join('\n');
}
