/**
 * The fixture API's knobs: how it misbehaves on demand. Validated with zod so a bad control request
 * answers 400 with the reason rather than leaving the fixture half-configured.
 */
import { z } from 'zod';

export const knobsSchema = z
  .object({
    /** Share of the API's answers that are 500, 0 to 1; applied evenly (0.25: every 4th). */
    errorShare: z.number().min(0).max(1),
    /** The next N API answers are 500, before errorShare applies. */
    errorCount: z.number().int().min(0),
    /** false: /metrics serves the process metrics but none of the contract's series. */
    serveContract: z.boolean(),
    /** Added to every API answer, in ms (at most 60 s). */
    delayMs: z.number().int().min(0).max(60_000),
    /**
     * Requests per second the fixture sends to its own API routes (at most 50), so rates and 5xx
     * move without an outside client.
     */
    trafficPerSecond: z.number().min(0).max(50),
    /** false: GET /health/ready answers 503, as an API that lost a dependency (the probe fails). */
    ready: z.boolean(),
  })
  .strict();

export type FixtureKnobs = z.infer<typeof knobsSchema>;

export const DEFAULT_KNOBS: Readonly<FixtureKnobs> = {
  errorShare: 0,
  errorCount: 0,
  serveContract: true,
  delayMs: 0,
  trafficPerSecond: 0,
  ready: true,
};

/** `current` with the valid fields of `patch` applied, or the reasons `patch` is invalid. */
export function applyKnobs(
  current: FixtureKnobs,
  patch: unknown,
): { knobs: FixtureKnobs } | { problems: string[] } {
  const result = knobsSchema.partial().safeParse(patch);
  if (!result.success)
    return { problems: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
  return { knobs: { ...current, ...result.data } };
}

/**
 * Decides which answers are errors: `errorCount` first, then `errorShare` as an even credit (a share
 * of 0.5 fails every second request), so a test or the chaos run knows exactly what it will get.
 */
export class ErrorSchedule {
  private credit = 0;

  next(knobs: FixtureKnobs): boolean {
    if (knobs.errorCount > 0) {
      knobs.errorCount -= 1;
      return true;
    }
    if (knobs.errorShare <= 0) return false;
    this.credit += knobs.errorShare;
    if (this.credit < 1 - 1e-9) return false;
    this.credit -= 1;
    return true;
  }
}
