/**
 * The tiled windows (alerting/slo/windows.ts) count what the raw windows count. promtool evaluates the
 * generated rules over ten hours of uneven traffic (a daily-like swell, a burst of 5xx, a counter reset,
 * a route that only appears after two hours) and compares, every few minutes, each recorded error ratio
 * with the same ratio computed straight from the raw counters, as the naive form does (bench/slo.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SLO_RULE_FILE } from '../../../alerting/generate-rules';
import { seconds } from '../../../alerting/rules/promql';
import type { Duration } from '../../../alerting/rules/types';
import { slos } from '../../../alerting/slo';
import { series } from '../../../alerting/slo/rules';
import { badEvents, sliEvents } from '../../../alerting/slo/sli';
import { tier, tiledWindows } from '../../../alerting/slo/windows';
import { runTool } from '../tools';

const slo = slos.find((s) => s.id === 'api-availability');
if (slo === undefined) throw new Error('no api-availability SLO');
const events = sliEvents(slo.sli);
const windows: Duration[] = ['5m', tier.window, ...(Object.keys(tiledWindows) as Duration[])];

// Ten hours: the 5xx burst (minutes 200 to 230) passes through every window, last the 6h one's oldest tile.
const MINUTES = 600;
const labels = (route: string, status: string) =>
  `{env="production", job="clicky-api", instance="api:8000", method="GET", route="${route}", status="${status}"}`;

/** Cumulative counts, one per minute, from a per-minute rate; `from`: the first minute the series exists. */
function counter(
  rate: (minute: number) => number,
  options: { from?: number; resetAt?: number } = {},
): string {
  const values: string[] = [];
  let total = 0;
  for (let m = 0; m <= MINUTES; m++) {
    if (m === options.resetAt) total = 0;
    total += rate(m);
    values.push(m < (options.from ?? 0) ? '_' : String(Math.round(total)));
  }
  return values.join(' ');
}

const swell = (m: number) => 100 + 60 * Math.sin((2 * Math.PI * m) / 180);
const burst = (m: number) => (m >= 200 && m < 230 ? 80 : 1 + (m % 7 === 0 ? 3 : 0));

// Within 3 %: a series born inside a window (route /c, at minute 120) has its first samples stretched by
// increase() in the raw window by half an interval (2.5 of its events), while the tile holding its birth
// has one sample and counts none of them. Elsewhere the two agree to the last digit; a tile too many or
// too few is off by far more whenever the burst is at the window's edge.
const TOLERANCE = 0.03;

it('every tiled window matches the raw counters within 3 %, minute by minute', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slo-tiles-'));
  try {
    // Once the window's whole span has history: in a younger history, increase() stretches its few
    // samples by up to half an interval at each end, tiles by none; both are guesses there.
    const evalTimes = (w: Duration) =>
      Array.from({ length: MINUTES }, (_, m) => m).filter((m) => m >= seconds(w) / 60 + 5 && m % 7 === 0);
    const raw = (w: Duration) => `((${badEvents(events, w)}) / ${events.total(w)})`;
    const checks = windows.flatMap((w) =>
      evalTimes(w).map((m) => ({
        eval_time: `${m}m`,
        expr:
          `abs(${series.errorRatio(w)}{slo="${slo.id}"} - on (env) ${raw(w)})` +
          ` <= bool on (env) (${TOLERANCE} * ${raw(w)})`,
        exp_samples: [{ labels: '{env="production"}', value: 1 }],
      })),
    );
    const file = join(dir, 'tiles.test.yml');
    writeFileSync(
      file,
      stringify({
        rule_files: [SLO_RULE_FILE],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              { series: `http_requests_total${labels('/a', '200')}`, values: counter(swell) },
              { series: `http_requests_total${labels('/a', '500')}`, values: counter(burst) },
              {
                series: `http_requests_total${labels('/b', '200')}`,
                values: counter(() => 40, { resetAt: 300 }),
              },
              {
                series: `http_requests_total${labels('/c', '503')}`,
                values: counter(() => 5, { from: 120 }),
              },
            ],
            promql_expr_test: checks,
          },
        ],
      }),
    );
    const result = runTool('promtool', ['test', 'rules', file]);
    // promtool lists each failed comparison: its expression, time and what it got.
    expect(result.status === 0 ? '' : result.output).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
