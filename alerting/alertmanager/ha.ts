/**
 * The Alertmanager cluster's configuration (compose profile `ha`): the single instance's, with every
 * webhook to the relay (alerts and the Watchdog's heartbeat) sent to both relays of the pair. The relays
 * share their dedup through claim files (alerting/relay/ha/claims.ts), so a notification that reaches
 * both is sent once, and one that reaches either is sent: any one relay may be down.
 *
 * Both members of the cluster load this same file; the cluster's notification log (gossiped) makes
 * only one of them notify each group, the other after its peer timeout if the first did not.
 */
import type { AlertDefinition } from '../rules/types';
import { alertmanagerConfig } from './config';
import { relayWebhookUrl } from './settings';

/** The pair's second relay, a compose service of the profile. */
export const secondRelayHost = 'relay-b:9471';

type Config = ReturnType<typeof alertmanagerConfig>;

/** Each relay webhook of `config` doubled: one to `relay`, one to each host of `relayHosts`. */
export function withRelayPair(config: Config, relayHosts: readonly string[] = [secondRelayHost]): Config {
  const relayHost = new URL(relayWebhookUrl).host;
  return {
    ...config,
    receivers: config.receivers.map((receiver) =>
      'webhook_configs' in receiver && receiver.webhook_configs
        ? {
            ...receiver,
            webhook_configs: receiver.webhook_configs.flatMap((webhook) =>
              new URL(webhook.url).host === relayHost
                ? [
                    webhook,
                    ...relayHosts.map((host) => ({ ...webhook, url: webhook.url.replace(relayHost, host) })),
                  ]
                : [webhook],
            ),
          }
        : receiver,
    ) as Config['receivers'],
  };
}

export const haAlertmanagerConfig = (rules: AlertDefinition[]) => withRelayPair(alertmanagerConfig(rules));
