/**
 * A response-time sparkline as inline SVG (no script, no image request), with a text equivalent:
 * the lowest, highest and latest figures.
 */
import type { ResponseTimePoint } from '../model';
import { escapeXml } from './escape';

const WIDTH = 240;
const HEIGHT = 40;
const PAD = 3;

const ms = (seconds: number) => `${Math.round(seconds * 1000)} ms`;

export function sparklineText(points: readonly ResponseTimePoint[]): string {
  if (points.length === 0) return 'Response time, last 24 hours: no data';
  const values = points.map((p) => p.seconds);
  const latest = values.at(-1) as number;
  return `Response time, last 24 hours: lowest ${ms(Math.min(...values))}, highest ${ms(Math.max(...values))}, latest ${ms(latest)}`;
}

export function renderSparkline(points: readonly ResponseTimePoint[]): string {
  const text = escapeXml(sparklineText(points));
  const open = `<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="${text}"><title>${text}</title>`;
  if (points.length === 0) return `${open}</svg>`;
  const first = (points[0] as ResponseTimePoint).at;
  const last = (points.at(-1) as ResponseTimePoint).at;
  const max = Math.max(...points.map((p) => p.seconds));
  const x = (at: number) =>
    last === first ? WIDTH / 2 : ((at - first) / (last - first)) * (WIDTH - 2 * PAD) + PAD;
  const y = (s: number) => HEIGHT - PAD - (max === 0 ? 0 : (s / max) * (HEIGHT - 2 * PAD));
  const coords = points.map((p) => `${x(p.at).toFixed(1)},${y(p.seconds).toFixed(1)}`);
  if (points.length === 1) {
    const [cx, cy] = (coords[0] as string).split(',');
    return `${open}<circle cx="${cx}" cy="${cy}" r="2.5" fill="currentColor"/></svg>`;
  }
  return `${open}<polyline fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" points="${coords.join(' ')}"/></svg>`;
}
