/** The Alertmanager config, built from the rules' own severity and cooldown: one place for both. */
import type { Node, YAMLSeq } from 'yaml';
import { labelMatcher, oneOf, seconds } from '../rules/promql';
import { generatedHeader, toYaml } from '../rules/render';
import type { AlertDefinition, Cooldown } from '../rules/types';
import { type Inhibition, inhibitions } from './inhibitions';
import {
  type Channel,
  channels,
  fallbackReceiver,
  noRepeat,
  receivers,
  relayWebhookUrl,
  secretFiles,
  smtp,
} from './settings';

const matcher = (label: string, values: readonly string[]): string => labelMatcher(label, oneOf(values));

/** The spec's cooldown is the minimum gap between two notices of a still-firing alert: repeat_interval. */
export const repeatInterval = (cooldown: Cooldown) => (cooldown === 'none' ? noRepeat : cooldown);

function cooldownRoutes(channel: Channel, rules: AlertDefinition[]) {
  const cooldowns = [
    ...new Set(rules.filter((r) => channel.severities.includes(r.severity)).map((r) => r.cooldown)),
  ].sort((a, b) => seconds(repeatInterval(a)) - seconds(repeatInterval(b)));
  return cooldowns.map((cooldown) => {
    const repeat = repeatInterval(cooldown);
    // Repeats happen on group_interval ticks: a shorter cooldown would silently become longer.
    if (seconds(repeat) < seconds(channel.groupInterval)) {
      throw new Error(`cooldown ${cooldown} is shorter than ${channel.receiver}'s group_interval`);
    }
    return { matchers: [matcher('cooldown', [cooldown])], repeat_interval: repeat };
  });
}

function inhibitRule(inhibition: Inhibition, known: Set<string>) {
  const unknown = [...inhibition.sources, ...inhibition.targets].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`inhibition names unknown alerts: ${unknown.join(', ')}`);
  const extra = Object.entries(inhibition.targetLabels ?? {}).map(([label, value]) =>
    matcher(label, [value]),
  );
  return {
    source_matchers: [matcher('alertname', inhibition.sources)],
    target_matchers: [matcher('alertname', inhibition.targets), ...extra],
    ...(inhibition.equal ? { equal: inhibition.equal } : {}),
  };
}

export function alertmanagerConfig(rules: AlertDefinition[]) {
  const known = new Set(rules.map((r) => r.alert));
  return {
    global: {
      resolve_timeout: '5m',
      smtp_smarthost: smtp.smarthost,
      smtp_from: smtp.from,
      smtp_auth_username: smtp.username,
      smtp_auth_password_file: secretFiles.smtpPassword,
      smtp_require_tls: true,
    },
    route: {
      receiver: fallbackReceiver,
      // `service` keeps one service's alerts together; alerts without it group by name alone.
      group_by: ['alertname', 'service'],
      group_wait: '1m',
      group_interval: '15m',
      repeat_interval: '4h',
      routes: channels.map((channel) => ({
        matchers: [matcher('severity', channel.severities)],
        receiver: channel.receiver,
        group_wait: channel.groupWait,
        group_interval: channel.groupInterval,
        routes: cooldownRoutes(channel, rules),
      })),
    },
    inhibit_rules: inhibitions.map((inhibition) => inhibitRule(inhibition, known)),
    receivers: [
      {
        name: receivers.relay,
        webhook_configs: [
          {
            url: relayWebhookUrl,
            send_resolved: true,
            // 0 = every alert of the group in one post; the relay splits long messages itself.
            max_alerts: 0,
            http_config: { authorization: { type: 'Bearer', credentials_file: secretFiles.relayToken } },
          },
        ],
      },
      { name: receivers.email, email_configs: [{ to: smtp.to, send_resolved: true }] },
    ],
  };
}

/** The config as YAML, each inhibit rule preceded by its reason. */
export function renderAlertmanagerFile(rules: AlertDefinition[]): string {
  const yaml = toYaml(alertmanagerConfig(rules), (doc) => {
    const items = (doc.get('inhibit_rules') as YAMLSeq<Node>).items;
    items.forEach((item, i) => {
      item.commentBefore = ` ${inhibitions[i]?.why}`;
    });
  });
  return generatedHeader('alerting/alertmanager/*.ts') + yaml;
}
