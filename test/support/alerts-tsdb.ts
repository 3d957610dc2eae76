/**
 * Alert history for Prometheus, as its rule manager would have written it: ALERTS series sampled every
 * evaluation interval, made into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`.
 * Imported history has no staleness markers, so the evaluation that resolved an episode writes NaN
 * (read as "not firing"); without it the last sample would look current for 5 minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AlertSeriesHistory {
  labels: Record<string, string>;
  /** [first firing evaluation, resolving evaluation or undefined = still firing at `until`], seconds. */
  episodes: [number, number | undefined][];
}

export interface AlertsTsdb {
  /** The TSDB directory, for --storage.tsdb.path. */
  path: string;
  remove(): void;
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');

/** OpenMetrics text of ALERTS samples every `interval` seconds; still-firing episodes run to `until`. */
export function alertsOpenMetrics(series: AlertSeriesHistory[], interval: number, until: number): string {
  const lines = ['# TYPE ALERTS gauge'];
  for (const { labels, episodes } of series) {
    const name = `ALERTS{${labelText({ alertstate: 'firing', ...labels })}}`;
    for (const [from, to] of episodes) {
      for (let t = from; t < (to ?? until + interval); t += interval) lines.push(`${name} 1 ${t}`);
      if (to !== undefined) lines.push(`${name} NaN ${to}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

export function createAlertsTsdb(series: AlertSeriesHistory[], interval: number, until: number): AlertsTsdb {
  return createTsdbFromOpenMetrics(alertsOpenMetrics(series, interval, until));
}

/** TSDB blocks of any OpenMetrics text (families grouped, each series in time order, `# EOF` last). */
export function createTsdbFromOpenMetrics(text: string): AlertsTsdb {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-tsdb-'));
  const input = join(dir, 'alerts.om');
  writeFileSync(input, text);
  const path = join(dir, 'data');
  const run = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, path], {
    encoding: 'utf8',
  });
  if (run.error || run.status !== 0)
    throw new Error(
      `promtool create-blocks-from failed: ${run.error?.message ?? ''}${run.stdout}${run.stderr}`,
    );
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
