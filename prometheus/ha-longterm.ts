/**
 * Both profiles at once (`ha` and `longterm`, PROMETHEUS_VARIANT=.ha-longterm): each replica of the HA
 * pair (prometheus/ha.ts) also remote-writes (prometheus/longterm.ts) to the one VictoriaMetrics. Both
 * write, because either may be the one that is up; so the store receives every series from both.
 *
 * `replica` is dropped on the way out (write_relabel_configs, applied after the external labels are
 * added), as it is from alerts: the two replicas then write the same series, and VictoriaMetrics's
 * `-dedup.minScrapeInterval` (DEDUP_INTERVAL, the scrape interval) keeps one sample of each per
 * interval, from whichever replica wrote it. VictoriaMetrics documents exactly this for an HA pair:
 * samples are deduplicated only when their labels are identical, so the pair's external labels must be
 * (prometheus/README.md, "HA pair and long-term storage together"). With `replica` kept, the store would
 * hold every series twice and a sum in a dashboard would double; VictoriaMetrics has no query-time
 * merge by a replica label (that is Thanos's design).
 */

import type { AppEnv } from '../lib/logging/levels';
import { type PrometheusConfig, SCRAPE_INTERVAL } from './config';
import { dropReplica, haAlertmanagers, haPrometheusConfig } from './ha';
import { LONGTERM_SERVICE, withRemoteWrite } from './longterm';
import type { Targets } from './targets';

/**
 * VictoriaMetrics's `-dedup.minScrapeInterval` (docker-compose.monitoring.yml): the scrape interval, as
 * its documentation recommends. The probes' 1-minute job is the exception: its samples from the two
 * replicas fall in different 15 s intervals, so the store keeps up to two a minute (the same probe,
 * seconds apart), never two series.
 */
export const DEDUP_INTERVAL = SCRAPE_INTERVAL;

/** prometheus.<env>.ha-longterm(-b).yml: replica `replica` of the pair, writing to the store without `replica`. */
export function haLongtermConfig(
  targets: Targets,
  env: AppEnv,
  replica: string,
  store = LONGTERM_SERVICE,
  alertmanagers: readonly string[] = haAlertmanagers,
): PrometheusConfig {
  return withRemoteWrite(haPrometheusConfig(targets, env, replica, alertmanagers), store, [dropReplica]);
}
