import { jobs, monitors, probe } from '../../rules/metrics';
import { oneOf, selector } from '../../rules/promql';
import type { SloDefinition } from '../types';

/**
 * The spec's public monitors (section 5), probed every minute by blackbox_exporter; not the internal
 * ones (the relay's pipeline), which are no user's view of uptime.
 */
const publicMonitors = [monitors.apiHealth, monitors.apiReady, monitors.website, monitors.minioConsole];
const probes = selector(probe.success, {
  job: jobs.blackbox,
  monitor: oneOf(publicMonitors.map((m) => m.name)),
});

export const publicUptime: SloDefinition = {
  id: 'public-uptime',
  name: 'PublicUptime',
  title: 'Public uptime',
  // Several services behind one SLO: named for what users see, so no single service's inhibition hides it.
  service: 'public-endpoints',
  sli: { kind: 'probes', selector: probes },
  objective: 0.999,
  window: '30d',
  description:
    'successful probes of the public monitors (API health and readiness, website, MinIO console), among all probes.',
};
