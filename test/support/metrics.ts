/** Reading metrics in tests: sample values straight from a registry, and promtool on exposition text. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';

export interface Sample {
  name: string;
  labels: Record<string, string | number>;
  value: number;
}

/** Every sample of the registry (histograms as _bucket/_sum/_count). Runs the collect() callbacks. */
export async function samples(registry: Registry): Promise<Sample[]> {
  const families = await registry.getMetricsAsJSON();
  return families.flatMap((family) =>
    family.values.map((v) => ({
      name: (v as { metricName?: string }).metricName ?? family.name,
      labels: v.labels as Record<string, string | number>,
      value: v.value,
    })),
  );
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when none. */
export async function sampleValue(
  registry: Registry,
  name: string,
  labels: Record<string, string | number> = {},
): Promise<number | undefined> {
  const matching = (await samples(registry)).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => String(s.labels[k]) === String(v)),
  );
  if (matching.length > 1)
    throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}

/**
 * The value of the sample exposed as exactly `sample` (its name and labels, as written) on `url`'s
 * /metrics: a running server's, read the way Prometheus would. Undefined when it is not there.
 */
export async function scrapedValue(url: string, sample: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1).split(' ')[0]);
}

export interface ToolRun {
  status: number | null;
  output: string;
}

/** `promtool check metrics` on Prometheus text (stdin), as Prometheus's linter reads it. */
export function promtoolCheckMetrics(text: string): ToolRun {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run promtool: ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * Parses OpenMetrics text with Prometheus's own OpenMetrics parser (promtool's backfill). Backfilling
 * needs a timestamp on every sample, so one is appended to each sample line; everything else (names,
 * TYPE/HELP, `_total`, `# EOF`) is checked as sent.
 */
export function promtoolParseOpenMetrics(text: string): ToolRun {
  const dir = mkdtempSync(join(tmpdir(), 'openmetrics-'));
  try {
    const now = Math.floor(Date.now() / 1000);
    const timestamped = text
      .split('\n')
      .map((line) => (line === '' || line.startsWith('#') ? line : `${line} ${now}`))
      .join('\n');
    writeFileSync(join(dir, 'input.txt'), timestamped);
    const run = spawnSync(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'input.txt'), join(dir, 'blocks')],
      { encoding: 'utf8' },
    );
    if (run.error) throw new Error(`cannot run promtool: ${run.error.message}`);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
