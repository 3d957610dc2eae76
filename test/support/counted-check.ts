import type { HealthCheck } from '../../exporter/src/health/check';

/** A real check wrapped so tests can count its probes (what a scrape costs the dependency). */
export function countedCheck(check: HealthCheck): HealthCheck & { probes: number } {
  const counted = {
    name: check.name,
    probes: 0,
    probe: (signal: AbortSignal) => {
      counted.probes++;
      return check.probe(signal);
    },
    close: () => check.close(),
  };
  return counted;
}
