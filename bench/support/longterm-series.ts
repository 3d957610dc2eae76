/**
 * 30 days of the series Prometheus scrapes from the API (the metrics contract: requests counter,
 * duration histogram, in-flight gauge, by method/route/status) and from the exporter (its gauges the
 * dashboards read), as Prometheus text lines with timestamps: the same samples go to promtool
 * (OpenMetrics, seconds) and to VictoriaMetrics's import API (Prometheus text, milliseconds).
 *
 * Deterministic (a seeded generator): both stores get identical samples, so their answers must agree.
 * Series-major order (every sample of one series, then the next), families contiguous, as promtool needs.
 */
import { apiMetrics, DURATION_BUCKETS } from '../../contracts/metrics';

export interface SeriesPlan {
  /** Seconds between samples (the scrape interval). */
  interval: number;
  /** First and last sample, Unix seconds. */
  from: number;
  to: number;
  /** Routes of the API (each with GET and POST, statuses 200, 404, 500). */
  routes: number;
  /** Exporter gauges, each with this many label values. */
  gaugeNames: readonly string[];
  gaugeVariants: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Each series: its label text and a function of the sample index giving its value. */
  series: { labels: string; value: (i: number) => number }[];
}

const COMMON = 'env="production",job="clicky-api",instance="fastapi:8000"';
const STATUSES = [
  ['200', 1],
  ['404', 0.02],
  ['500', 0.005],
] as const;

/** A small deterministic hash in [0, 1): the same "noise" for the same inputs, in both stores. */
const noise = (a: number, b: number) => {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return x - Math.floor(x);
};

export function families(plan: SeriesPlan): Family[] {
  const requests: Family['series'] = [];
  const buckets: Family['series'] = [];
  const counts: Family['series'] = [];
  let seriesNo = 0;
  for (let r = 0; r < plan.routes; r++) {
    for (const method of ['GET', 'POST']) {
      for (const [status, share] of STATUSES) {
        const id = ++seriesNo;
        const labels = `${COMMON},method="${method}",route="/r${r}/{id}",status="${status}"`;
        // Requests per scrape: a daily cycle plus noise; the counter is their running sum.
        const perScrape = (i: number) =>
          Math.round(
            share * 30 * (1.5 + Math.sin((i * plan.interval * 2 * Math.PI) / 86_400) + noise(id, i)),
          );
        // The running sum, computed once: the files are written window by window, every series of a
        // window in turn, so the same sample index is asked for by 17 series.
        const totals = new Float64Array(sampleCount(plan));
        for (let i = 0, sum = 0; i < totals.length; i++) totals[i] = sum += perScrape(i);
        const counter = (i: number) => totals[i] as number;
        requests.push({ labels, value: counter });
        counts.push({ labels, value: counter });
        DURATION_BUCKETS.forEach((le, b) => {
          // Cumulative: the share of requests at or under this bound (a fixed log-normal-ish shape).
          const fraction = Math.min(1, (b + 1) / DURATION_BUCKETS.length + 0.2);
          buckets.push({ labels: `${labels},le="${le}"`, value: (i) => Math.floor(counter(i) * fraction) });
        });
        buckets.push({ labels: `${labels},le="+Inf"`, value: counter });
      }
    }
  }
  const inFlight = [{ labels: COMMON, value: (i: number) => Math.floor(noise(0, i) * 10) }];
  const exporterLabels = 'env="production",job="clicky-exporter",instance="exporter:9470"';
  const gauges: Family[] = plan.gaugeNames.map((name, g) => ({
    name,
    type: 'gauge',
    series: Array.from({ length: plan.gaugeVariants }, (_, v) => ({
      labels: `${exporterLabels},variant="${v}"`,
      value: (i: number) => Math.round(1000 * (1 + noise(g * 100 + v, i))) / 10,
    })),
  }));
  return [
    { name: apiMetrics.requests.name, type: 'counter', series: requests },
    { name: `${apiMetrics.duration.name}_bucket`, type: 'histogram', series: buckets },
    { name: `${apiMetrics.duration.name}_count`, type: 'histogram', series: counts },
    { name: apiMetrics.inFlight.name, type: 'gauge', series: inFlight },
    ...gauges,
  ];
}

export const seriesCount = (fams: Family[]) => fams.reduce((n, f) => n + f.series.length, 0);

export const sampleCount = (plan: SeriesPlan) => Math.floor((plan.to - plan.from) / plan.interval) + 1;

/**
 * The text of one series, every sample: `name{labels} value timestamp` lines, timestamps in seconds
 * (OpenMetrics) or milliseconds (Prometheus text, VictoriaMetrics's import).
 */
export function* seriesLines(
  plan: SeriesPlan,
  name: string,
  series: Family['series'][number],
  unit: 's' | 'ms',
  /** Samples [from, to) by index; default all. */
  range: [number, number] = [0, sampleCount(plan)],
): Generator<string> {
  const scale = unit === 's' ? 1 : 1000;
  for (let i = range[0]; i < range[1]; i++) {
    yield `${name}{${series.labels}} ${series.value(i)} ${(plan.from + i * plan.interval) * scale}\n`;
  }
}
