/**
 * The SLO dashboard's queries, run by a real Prometheus evaluating the generated SLO rules
 * (alerting/rules/generated/clicky.slo.rules.yml) over inputs of every SLI kind pushed to a real
 * Pushgateway as the API, blackbox_exporter and the relay would expose them: each query returns a number.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SLO_RULE_FILE } from '../../alerting/generate-rules';
import { jobs, monitors } from '../../alerting/rules/metrics';
import { slos } from '../../alerting/slo';
import { series } from '../../alerting/slo/rules';
import { SLO_DASHBOARD_UID } from '../../dashboards/slo';
import { startPrometheus, type TestPrometheus } from '../support/prometheus-server';
import { startPushgateway, type TestPushgateway } from '../support/pushgateway';
import { models, queriesOf } from './support/models';
import { plausibleValues, substitute } from './support/template';
import { waitForAsync } from './support/wait';

const ENV = 'test';
const model = models().find((m) => m.uid === SLO_DASHBOARD_UID);
if (!model) throw new Error(`no dashboard ${SLO_DASHBOARD_UID}`);
const values = plausibleValues(model, { env: ENV });
const queries = queriesOf(model).map((q) => ({ ...q, text: substitute(q.expr, values) }));

/** Round n of every SLI's input: counters that grow, with a few bad events among the good. */
function exposition(n: number): Record<string, string> {
  const counter = (name: string, labels: string, value: number) =>
    `# TYPE ${name} counter\n${name}{${labels}} ${value}\n`;
  const api = ['200', '500'].map((status) => `method="GET",route="/bookings",status="${status}"`);
  const bucket = (le: string, value: number) =>
    `http_request_duration_seconds_bucket{method="GET",route="/bookings",status="200",le="${le}"} ${value}`;
  return {
    [`job/${jobs.api}/instance/api`]:
      `# TYPE http_requests_total counter\nhttp_requests_total{${api[0]}} ${100 * n}\nhttp_requests_total{${api[1]}} ${n}\n` +
      `# TYPE http_request_duration_seconds histogram\n${bucket('2', 95 * n)}\n${bucket('+Inf', 100 * n)}\n` +
      `http_request_duration_seconds_sum{method="GET",route="/bookings",status="200"} ${50 * n}\n` +
      `http_request_duration_seconds_count{method="GET",route="/bookings",status="200"} ${100 * n}\n`,
    [`job/${jobs.blackbox}/instance/blackbox`]: `# TYPE probe_success gauge\n${Object.values(monitors)
      .map((m, i) => `probe_success{monitor="${m.name}"} ${i === 0 && n % 5 === 0 ? 0 : 1}`)
      .join('\n')}\n`,
    [`job/${jobs.relay}/instance/relay`]:
      counter('relay_alerts_received_total', 'status="firing"', 10 * n) +
      counter('relay_alerts_delivered_total', 'status="firing"', 9 * n) +
      counter('relay_alerts_deduplicated_total', 'status="firing"', n),
  };
}

async function push(gateway: TestPushgateway, n: number): Promise<void> {
  for (const [group, body] of Object.entries(exposition(n))) {
    const res = await fetch(`${gateway.url}/metrics/${group}`, { method: 'PUT', body });
    if (!res.ok) throw new Error(`push ${group}: ${res.status} ${await res.text()}`);
  }
}

let gateway: TestPushgateway;
let prometheus: TestPrometheus;
let round = 1;

beforeAll(async () => {
  gateway = await startPushgateway();
  await push(gateway, round);
  // The generated rules, evaluated every second instead of every minute so the test waits seconds.
  const rules = join(tmpdir(), `clicky-slo-rules-${process.pid}.yml`);
  writeFileSync(rules, readFileSync(SLO_RULE_FILE, 'utf8').replace(/^( +)interval: 1m$/gm, '$1interval: 1s'));
  prometheus = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [rules],
      scrape_configs: [
        {
          job_name: 'pushgateway',
          honor_labels: true,
          static_configs: [{ targets: [gateway.target], labels: { env: ENV } }],
        },
      ],
    },
  });
  // increase() needs two samples that differ: push a new round between scrapes until every SLO records.
  await waitForAsync(
    'every SLO recording its ratios and budget',
    async () => {
      await push(gateway, ++round);
      const recorded = await prometheus.query(`${series.budgetRemaining}{env="${ENV}"} >= -1000`);
      return recorded.length === slos.length;
    },
    60_000,
  );
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await gateway?.stop();
});

it('has a row of panels for every SLO', () => {
  for (const slo of slos) expect(queries.some((q) => q.text.includes(`slo="${slo.id}"`))).toBe(true);
});

it.each(queries.map((q) => [`${q.panel}`, q.text] as const))('%s returns a number', async (_name, text) => {
  const samples = await prometheus.query(text);
  expect({ text, numbers: samples.filter((s) => Number.isFinite(s.value)).length > 0 }).toEqual({
    text,
    numbers: true,
  });
});
