/**
 * The alert storm of bench/relay.ts: `names` alert names x `instances` instances, and how to tell
 * which of them reached a fake Telegram. An alert is delivered when one accepted message holds its
 * alertname (BenchAlertNN) and its instance (aNN-iNN) — both the relay's blocks and Alertmanager's
 * default telegram template show the two.
 */
import { postWebhook, testAlert, webhookPayload } from '../../test/support/alertmanager-payload';
import type { FakeTelegram } from '../../test/support/fake-telegram';

export interface StormAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
}

export interface StormResult {
  messages: number;
  tooMany: number;
  delivered: number;
  lost: number;
  /** From the first POST to the accepted message that completed the last alert delivered. */
  lastDeliveryMs?: number;
}

/** The storm every relay bench sends: 50 names x 20 instances, into one group chat. */
export const STORM_SIZE = { names: 50, instances: 20 } as const;
export const STORM_CHAT = '-1001234567890';
export const STORM_BOT_TOKEN = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr';
/** BENCH_BOUND_SECONDS: how long a run waits for its last delivery (default 240 s). */
export const stormBoundMs = () => Number(process.env.BENCH_BOUND_SECONDS ?? 240) * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

export function startAlertStorm({ names, instances }: { names: number; instances: number }) {
  const groups: StormAlert[][] = [];
  for (let n = 0; n < names; n++) {
    const group: StormAlert[] = [];
    for (let i = 0; i < instances; i++) {
      group.push({
        labels: {
          alertname: `BenchAlert${pad(n)}`,
          severity: 'critical',
          instance: `a${pad(n)}-i${pad(i)}`,
          job: 'bench',
        },
        // No characters HTML would need escaped: Alertmanager's default template does not escape.
        annotations: { summary: `Bench storm alert ${pad(n)} is firing` },
        generatorURL: 'http://prometheus:9090/graph',
      });
    }
    groups.push(group);
  }
  const total = names * instances;

  /** Alert keys an accepted message's text holds. */
  const keysIn = (text: string): string[] => {
    const keys: string[] = [];
    for (const match of text.matchAll(/\ba(\d\d)-i(\d\d)\b/g)) {
      if (text.includes(`BenchAlert${match[1]}`)) keys.push(`${match[1]}/${match[2]}`);
    }
    return keys;
  };

  function measure(tg: FakeTelegram, start: number): StormResult {
    const seen = new Set<string>();
    let last: number | undefined;
    const messages = tg.messages();
    for (const message of messages) {
      for (const key of keysIn(message.text)) {
        if (seen.has(key)) continue;
        seen.add(key);
        last = message.at;
      }
    }
    return {
      messages: messages.length,
      tooMany: tg.requests().filter((r) => r.status === 429).length,
      delivered: seen.size,
      lost: total - seen.size,
      ...(last === undefined ? {} : { lastDeliveryMs: last - start }),
    };
  }

  /**
   * Polls until every alert is delivered or `boundMs` after `start`; every `progressEveryMs` tells
   * `progress` how far it is (delivery under Telegram's limits takes minutes: silence reads as a hang).
   */
  async function watch(
    tg: FakeTelegram,
    start: number,
    boundMs: number,
    progress?: { label: string; print: (line: string) => void; everyMs?: number },
  ): Promise<StormResult> {
    let nextReport = start + (progress?.everyMs ?? 10_000);
    for (;;) {
      const result = measure(tg, start);
      if (result.lost === 0 || Date.now() - start > boundMs) return result;
      if (progress && Date.now() >= nextReport) {
        nextReport += progress.everyMs ?? 10_000;
        const seconds = Math.round((Date.now() - start) / 1000);
        progress.print(
          `${progress.label}: ${result.delivered}/${total} alerts delivered in ${result.messages} messages ` +
            `after ${seconds} s (429 answers: ${result.tooMany}; gives up at ${boundMs / 1000} s)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * The storm into a relay's webhook as Alertmanager's webhook_configs would send it (grouped by
   * alertname: one POST of `instances` firing alerts per name, all at once); the POSTs refused.
   */
  async function postToRelay(url: string, token?: string): Promise<{ status: number }[]> {
    const answers = await Promise.all(
      groups.map((group) =>
        postWebhook(
          url,
          webhookPayload(
            group.map((a) =>
              testAlert({ labels: a.labels, annotations: a.annotations, generatorURL: a.generatorURL }),
            ),
            {
              groupKey: `{}:{alertname="${group[0]?.labels.alertname}"}`,
              groupLabels: { alertname: group[0]?.labels.alertname ?? '' },
            },
          ),
          { token },
        ),
      ),
    );
    return answers.filter((a) => a.status >= 300);
  }

  return { groups, total, watch, postToRelay };
}
