/**
 * Accepting a webhook's alerts: the relay's at-least-once promise. The answer to Alertmanager is 2xx
 * only once every new alert is stored (fsync'd to the spool when there is one) and queued; when
 * that cannot be done (shutting down, queue full, spool write failed) nothing is kept and the answer
 * is 5xx, so Alertmanager retries the whole post later.
 *
 * Repeats within their cooldown are counted and skipped before anything is stored. The dedup entry
 * is taken at once (so two concurrent posts of one alert queue it once) and put back if storing fails.
 */
import { type Deduplicator, parseCooldown, type SeenEntry } from './dedup';
import type { DeliveryQueue } from './delivery-queue';
import type { ClaimStore } from './ha/claims';
import type { RelayMetrics } from './metrics';
import type { QueuedAlert } from './queued-alert';
import type { Spool } from './spool';
import type { RelayAlert } from './webhook';

export interface IntakeOptions {
  spool: Spool;
  queue: Pick<DeliveryQueue, 'depth' | 'push'>;
  dedup: Deduplicator;
  metrics: RelayMetrics;
  /** Alerts waiting beyond which posts are refused (RELAY_QUEUE_MAX). */
  maxQueued: number;
  /** Cooldown of alerts without a valid `cooldown` label (RELAY_DEFAULT_COOLDOWN). */
  defaultCooldownMs: number;
  /** Id of the next accepted alert (the spool's nextId). */
  nextId: number;
  /** True once shutting down. */
  draining(): boolean;
  /** The HA pair's shared claims (alerting/relay/ha/): an alert the peer claimed is the peer's to send. */
  claims?: Pick<ClaimStore, 'claim' | 'release'>;
  now?: () => number;
}

export type IntakeResult =
  | { ok: true; accepted: number; deduplicated: number }
  | { ok: false; reason: 'shutting down' | 'queue full' | 'spool write failed'; error?: unknown };

export interface Intake {
  accept(alerts: readonly RelayAlert[]): Promise<IntakeResult>;
}

export function createIntake(options: IntakeOptions): Intake {
  const { spool, queue, dedup, metrics } = options;
  const now = options.now ?? Date.now;
  let nextId = options.nextId;

  return {
    async accept(alerts) {
      for (const alert of alerts) metrics.received.inc({ status: alert.status });
      if (options.draining()) return { ok: false, reason: 'shutting down' };
      const at = now();
      const candidates = alerts.filter((a) => !dedup.isDuplicate(a.fingerprint, a.status, at));
      if (queue.depth + candidates.length > options.maxQueued) return { ok: false, reason: 'queue full' };

      const taken: { item: QueuedAlert; entry: SeenEntry; previous?: SeenEntry }[] = [];
      for (const alert of candidates) {
        // Checked again: the same alert twice in one post is queued once.
        if (dedup.isDuplicate(alert.fingerprint, alert.status, at)) continue;
        const cooldownMs = parseCooldown(alert.labels.cooldown) ?? options.defaultCooldownMs;
        const { entry, previous } = dedup.record(alert.fingerprint, alert.status, cooldownMs, at);
        // Recorded locally either way: the peer's claim holds for the same cooldown.
        if (options.claims && !options.claims.claim(alert.fingerprint, alert.status, entry.until, at))
          continue;
        taken.push({ item: { id: nextId++, alert, acceptedAt: at }, entry, previous });
      }
      const takenSet = new Set(taken.map((t) => t.item.alert));
      for (const alert of alerts)
        if (!takenSet.has(alert)) metrics.deduplicated.inc({ status: alert.status });
      const deduplicated = alerts.length - taken.length;
      if (taken.length === 0) return { ok: true, accepted: 0, deduplicated };

      try {
        await spool.append(
          taken.map(({ item, entry }) => ({
            t: 'alert',
            id: item.id,
            at,
            until: entry.until,
            alert: item.alert,
          })),
        );
      } catch (error) {
        for (const { item, entry, previous } of taken.reverse()) {
          dedup.restore(entry.fingerprint, previous);
          options.claims?.release(item.alert.fingerprint, item.alert.status);
        }
        metrics.spoolWriteFailures.inc();
        return { ok: false, reason: 'spool write failed', error };
      }
      queue.push(taken.map((t) => t.item));
      return { ok: true, accepted: taken.length, deduplicated };
    },
  };
}
