/**
 * The contract every dependency check follows (one check per file: postgres.ts, redis.ts, minio.ts).
 *
 * A check only knows how to ask its dependency one question. The runner (runner.ts) owns the
 * deadline, parallelism, single-flight and the translation of failures into short public reasons,
 * so adding a dependency is one new file.
 */

/** What a check reports on success, beyond `status` and `latency_ms` (which the runner adds). */
export type CheckDetails = { buckets?: string[] };

export interface HealthCheck {
  /** The key in `/health/ready`'s `services` and the path segment of `/health/<name>`. */
  readonly name: string;
  /**
   * Asks the dependency once. Resolves with details when healthy; rejects when not. The error's
   * message is shown to callers only when it is a CheckFailure; anything else is mapped by the
   * runner to a generic reason. Must give up its resources when `signal` aborts.
   */
  probe(signal: AbortSignal): Promise<CheckDetails>;
  /** Releases pools and connections (graceful shutdown). */
  close(): Promise<void>;
}

/** A failure whose message is safe to show publicly, e.g. "bucket uploads missing". */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}

export type CheckResult =
  | ({ status: 'ok'; latency_ms: number } & CheckDetails)
  | { status: 'error'; reason: string; latency_ms?: number };
