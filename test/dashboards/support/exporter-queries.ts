/**
 * The dashboards' PromQL queries with their variables filled in, split into those the exporter alone
 * answers (runnable against a Prometheus scraping it) and those needing another exporter or the rules.
 * Shared by the Prometheus test and the long-term store's (test/longterm/).
 */
import { externalSource } from '../../../dashboards/common/metric-sources';
import { models, type PanelQuery, queriesOf } from './models';
import { metricNames } from './parsers';
import { plausibleValues, substitute } from './template';

/** The env label the scrape config attaches, as production's do. */
export const ENV = 'test';
/** Besides the exporter's own series, the test Prometheus has its scrape health. */
const SCRAPE_SERIES = 'up';

export type FilledQuery = PanelQuery & { text: string; metrics: string[] };

const promQueries: FilledQuery[] = models()
  .flatMap((model) => {
    const values = plausibleValues(model, { env: ENV });
    return queriesOf(model)
      .filter((q) => q.language === 'promql')
      .map((q) => ({ ...q, text: substitute(q.expr, values), metrics: metricNames(q.expr) }));
  })
  // The SLO rules' series: slo.test.ts runs these queries in a Prometheus that evaluates those rules.
  .filter((q) => !q.metrics.some((m) => externalSource(m) === 'slo_rules'));

/** The series a query reads that come from elsewhere, as "name from source". */
export const external = (q: { metrics: string[] }) =>
  q.metrics
    .filter((m) => m !== SCRAPE_SERIES && externalSource(m))
    .map((m) => `${m} from ${externalSource(m)}`);

export const runnable = promQueries.filter((q) => external(q).length === 0);
export const skipped = promQueries.filter((q) => external(q).length > 0);
