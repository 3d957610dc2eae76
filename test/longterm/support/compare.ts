/**
 * Two answers to one instant query, from Prometheus and from the long-term store, compared series by
 * series: the same label sets, and values equal within a relative tolerance.
 */
import type { VectorSample } from '../../support/prometheus-server';

const key = (metric: Record<string, string>) => JSON.stringify(Object.entries(metric).sort());

export interface Comparison {
  /** Label sets only one side returned. */
  onlyIn: { prometheus: string[]; store: string[] };
  /** Series whose values differ by more than the tolerance: "labels: prometheus vs store". */
  differing: string[];
}

export function compareVectors(prom: VectorSample[], store: VectorSample[], tolerance: number): Comparison {
  const a = new Map(prom.map((s) => [key(s.metric), s.value]));
  const b = new Map(store.map((s) => [key(s.metric), s.value]));
  const close = (x: number, y: number) =>
    (Number.isNaN(x) && Number.isNaN(y)) || Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x));
  return {
    onlyIn: {
      prometheus: [...a.keys()].filter((k) => !b.has(k)),
      store: [...b.keys()].filter((k) => !a.has(k)),
    },
    differing: [...a]
      .filter(([k, x]) => b.has(k) && !close(x, b.get(k) as number))
      .map(([k, x]) => `${k}: ${x} vs ${b.get(k)}`),
  };
}
