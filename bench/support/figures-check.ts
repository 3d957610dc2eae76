/**
 * Checks that both exporters serve the same business figures (same SQL, same data, same "today"):
 * each sample of our gauges against the series postgres_exporter names `<namespace>_<column>` with
 * the same labels (its own `server` label aside). A difference means the comparison is not fair.
 */
import type { BusinessQuery } from '../../exporter/src/business/query';
import { namespaceOf } from './postgres-exporter';

/** `name{a="x",b="y"}` (labels sorted) -> value, from Prometheus text or OpenMetrics. */
export function parseSamples(text: string, ignoredLabels: readonly string[] = []): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) continue;
    const [, name, labelText = '', value = ''] = match;
    const labels = [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .filter(([, label]) => !ignoredLabels.includes(label ?? ''))
      .map(([, label, labelValue]) => `${label}="${labelValue}"`)
      .sort();
    samples.set(`${name}{${labels.join(',')}}`, Number(value));
  }
  return samples;
}

export interface FiguresCheck {
  compared: number;
  differences: string[];
}

export function compareFigures(
  queries: readonly BusinessQuery[],
  ours: string,
  theirs: string,
): FiguresCheck {
  const mine = parseSamples(ours);
  const peer = parseSamples(theirs, ['server']);
  const differences: string[] = [];
  let compared = 0;
  for (const query of queries) {
    for (const metric of query.metrics) {
      const peerName = `${namespaceOf(query)}_${metric.valueColumn}`;
      for (const [key, value] of mine) {
        if (!key.startsWith(`${metric.name}{`)) continue;
        compared++;
        const peerKey = peerName + key.slice(metric.name.length);
        const peerValue = peer.get(peerKey);
        const close =
          peerValue !== undefined && Math.abs(peerValue - value) <= 1e-9 * Math.max(1, Math.abs(value));
        if (!close) differences.push(`${key} ${value} vs ${peerKey} ${peerValue ?? 'absent'}`);
      }
    }
  }
  return { compared, differences };
}
