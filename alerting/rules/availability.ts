import { dependencies, dependency, jobs, type Monitor, monitors, probe, scrapeUp } from './metrics';
import { duration, ENV, oneOf, seconds, selector, withLabel } from './promql';
import { thresholds } from './thresholds';
import type { AlertDefinition, RuleGroup } from './types';

const { interval, consecutiveFailures } = thresholds.probes;
/** n failed probes in a row span n - 1 intervals. */
const probesFailingFor = duration((consecutiveFailures - 1) * seconds(interval));

/** Failing probes of the given monitors, each labelled with the `service` it watches. */
function failingProbes(watched: Monitor[]): string {
  const services = [...new Set(watched.map((m) => m.service))];
  return services
    .map((service) => {
      const names = watched.filter((m) => m.service === service).map((m) => m.name);
      const probes = selector(probe.success, { job: jobs.blackbox, monitor: oneOf(names) });
      return withLabel(`${probes} == 0`, 'service', service);
    })
    .join('\nor\n');
}

const probeDown = (
  alert: string,
  watched: Monitor[],
  rest: Pick<AlertDefinition, 'severity' | 'cooldown' | 'summary'>,
): AlertDefinition => ({
  alert,
  expr: failingProbes(watched),
  for: probesFailingFor,
  ...rest,
  description:
    `{{ $labels.instance }} failed its {{ $labels.monitor }} probe ${consecutiveFailures} times in a row ` +
    `(every ${interval} for ${probesFailingFor}).`,
});

const dependencyDown = (
  alert: string,
  service: string,
  name: string,
  severity: AlertDefinition['severity'],
): AlertDefinition => ({
  alert,
  expr: `${selector(dependency.up, { job: jobs.exporter, service })} == 0`,
  for: thresholds.dependencies.downFor,
  severity,
  cooldown: '5m',
  summary: `${name} is down`,
  description: `The exporter's ${name} check ({{ $labels.instance }}) has failed for ${thresholds.dependencies.downFor}.`,
});

export const availability: RuleGroup = {
  name: 'clicky-availability',
  rules: [
    // Spec section 5 sends these monitors to Telegram...
    probeDown('ServiceDown', [monitors.apiHealth, monitors.apiReady, monitors.minioConsole], {
      severity: 'critical',
      cooldown: '5m',
      summary: '{{ $labels.monitor }} health check is failing',
    }),
    // ...and the website to email only: an extra row, a warning.
    probeDown('WebsiteDown', [monitors.website], {
      severity: 'warning',
      cooldown: '1h',
      summary: 'The website is not answering',
    }),
    dependencyDown('DatabaseDown', dependencies.db, 'PostgreSQL', 'critical'),
    dependencyDown('RedisDown', dependencies.redis, 'Redis', 'error'),
    {
      // Extra row: without these scrapes the alerts above cannot fire at all.
      alert: 'ExporterDown',
      expr: `max by (${ENV}, job) (${selector(scrapeUp, { job: oneOf([jobs.exporter, jobs.blackbox]) })}) == 0`,
      for: thresholds.scrapes.downFor,
      severity: 'warning',
      cooldown: '1h',
      summary: 'Prometheus cannot scrape {{ $labels.job }}',
      description:
        `Every scrape of {{ $labels.job }} has failed for ${thresholds.scrapes.downFor}: ` +
        'the alerts built on its metrics cannot fire until it is back.',
    },
  ],
};
