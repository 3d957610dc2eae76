/**
 * Renders a registry in the format a scraper asks for: Prometheus text 0.0.4 by default, OpenMetrics
 * 1.0.0 when the Accept header prefers it (Prometheus asks for OpenMetrics first by default).
 *
 * prom-client ties the format to the registry, and rendering OpenMetrics renames counters in place
 * (it strips `_total` from the metric object), which would break the Prometheus output of a registry
 * shared by both formats. So OpenMetrics is rendered from a snapshot: the registry's values (one
 * collect, default labels applied) copied into a throwaway OpenMetrics registry.
 */
import { type Metric, type OpenMetricsContentType, Registry } from 'prom-client';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export interface Exposition {
  contentType: string;
  body: string;
}

/** OpenMetrics versions with the 1.0.0 wire format (client_golang answers both with 1.0.0). */
const OPENMETRICS_VERSIONS = new Set([undefined, '1.0.0', '0.0.1']);

/**
 * The format for an Accept header: OpenMetrics when `application/openmetrics-text` (a version we
 * can produce) has a q-value above 0 and at least that of the Prometheus text format (`text/plain`,
 * `text/*` or a wildcard). No header, or anything else: Prometheus text.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  let openMetrics = 0;
  let text = 0;
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const param = (name: string) =>
      params
        .find((p) => p.startsWith(`${name}=`))
        ?.slice(name.length + 1)
        .replace(/^"|"$/g, '');
    const q = Number(param('q') ?? 1);
    if (!Number.isFinite(q)) continue;
    if (type === 'application/openmetrics-text' && OPENMETRICS_VERSIONS.has(param('version')))
      openMetrics = Math.max(openMetrics, q);
    if (type === 'text/plain' || type === 'text/*' || type === '*/*') text = Math.max(text, q);
  }
  return openMetrics > 0 && openMetrics >= text ? 'openmetrics' : 'prometheus';
}

/** The registry's metrics as text. `registry` must be a Prometheus-format registry (createRegistry). */
export async function renderMetrics(registry: Registry, format: ExpositionFormat): Promise<Exposition> {
  if (format === 'prometheus') return { contentType: registry.contentType, body: await registry.metrics() };
  const view = new Registry<OpenMetricsContentType>();
  view.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const families = await registry.getMetricsAsJSON();
  // prom-client would start an empty exposition with a blank line, which OpenMetrics forbids.
  if (families.length === 0) return { contentType: view.contentType, body: '# EOF\n' };
  for (const family of families) {
    // OpenMetrics names a counter family without `_total`; prom-client appends it to each sample.
    // (The typings declare `type` an enum; at run time it is the string 'counter', 'gauge', ...)
    const isCounter = (family.type as unknown) === 'counter';
    const name = isCounter ? family.name.replace(/_total$/, '') : family.name;
    const snapshot = { ...family, name };
    // A read-only stand-in for the metric: the registry only reads name and type and calls get().
    view.registerMetric({ name, type: family.type, get: async () => snapshot } as unknown as Metric);
  }
  // Exemplars: none, as prom-client only records them on OpenMetrics-only registries; `# EOF` is
  // written by prom-client as the last line.
  return { contentType: view.contentType, body: await view.metrics() };
}
