/**
 * What each alert message with buttons carries, so a press can be resolved: the labels a silence
 * must match, the text to edit, and what was done (ack, silence id, until when). Kept in memory and,
 * when RELAY_SPOOL_DIR is set, in `bot-messages.json` there (written atomically), so buttons keep
 * working across a restart. Bounded: the oldest records go first; a press on a forgotten message is
 * answered "too old", never acted on blindly.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../write-atomically';

export interface Acted {
  action: 'ack' | 'silence';
  by: string;
  at: number;
  /** For a silence: Alertmanager's id and the end. */
  silenceId?: string;
  until?: number;
}

export interface MessageRecord {
  chatId: string;
  messageId: number;
  /** The text as sent (HTML when `html`), to edit in place. */
  text: string;
  html: boolean;
  /** Equality matchers for a silence: an alert's labels, or a group's shared labels plus alertname. */
  labels: Record<string, string>;
  /** Fingerprints of the alerts it carries, to drop the buttons once all resolved. */
  fingerprints: string[];
  acted?: Acted;
}

export const MAX_RECORDS = 5000;
const FILE = 'bot-messages.json';

export class MessageStore {
  private readonly records = new Map<string, MessageRecord>();

  constructor(private readonly dir?: string) {}

  /** Loads what an earlier run kept; a missing or unreadable file starts empty (buttons then say "too old"). */
  async load(): Promise<void> {
    if (!this.dir) return;
    try {
      const saved = JSON.parse(await readFile(join(this.dir, FILE), 'utf8')) as [string, MessageRecord][];
      for (const [ref, record] of saved) this.records.set(ref, record);
    } catch {
      // nothing kept yet
    }
  }

  get(ref: string): MessageRecord | undefined {
    return this.records.get(ref);
  }

  /** `ref`: the reference the message's buttons carry (signed before the message was sent). */
  async put(ref: string, record: MessageRecord): Promise<string> {
    this.records.delete(ref);
    this.records.set(ref, record);
    while (this.records.size > MAX_RECORDS) this.records.delete(this.records.keys().next().value as string);
    await this.save();
    return ref;
  }

  /** Records carrying `fingerprint`. */
  carrying(fingerprint: string): [string, MessageRecord][] {
    return [...this.records].filter(([, r]) => r.fingerprints.includes(fingerprint));
  }

  async remove(ref: string): Promise<void> {
    if (this.records.delete(ref)) await this.save();
  }

  private async save(): Promise<void> {
    if (this.dir) await writeAtomically(join(this.dir, FILE), JSON.stringify([...this.records]));
  }
}

/** One alert: all its labels (its identity). A group block: the labels all share, plus alertname. */
export function silenceLabels(alerts: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = alerts;
  if (!first) return {};
  const shared = Object.fromEntries(
    Object.entries(first).filter(([name, value]) => rest.every((labels) => labels[name] === value)),
  );
  if (first.alertname !== undefined) shared.alertname = first.alertname;
  return shared;
}
