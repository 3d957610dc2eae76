/** The Alertmanager config, built from the rules' own severity and cooldown: one place for both. */
import type { Node, YAMLSeq } from 'yaml';
import { labelMatcher, oneOf, seconds } from '../rules/promql';
import { generatedHeader, toYaml } from '../rules/render';
import type { AlertDefinition, Cooldown, Duration } from '../rules/types';
import { type Inhibition, inhibitions } from './inhibitions';
import {
  type Channel,
  channels,
  fallbackReceiver,
  groupBy,
  noRepeat,
  receivers,
  relayWebhookUrl,
  secretFiles,
  smtp,
  telegramPathAlerts,
  telegramPathMail,
  watchdog,
} from './settings';

const matcher = (label: string, values: readonly string[]): string => labelMatcher(label, oneOf(values));

/** The spec's cooldown is the minimum gap between two notices of a still-firing alert: repeat_interval. */
export const repeatInterval = (cooldown: Cooldown) => (cooldown === 'none' ? noRepeat : cooldown);

function cooldownRoutes(rules: AlertDefinition[], groupInterval: Duration, receiver: string) {
  const cooldowns = [...new Set(rules.map((r) => r.cooldown))].sort(
    (a, b) => seconds(repeatInterval(a)) - seconds(repeatInterval(b)),
  );
  return cooldowns.map((cooldown) => {
    const repeat = repeatInterval(cooldown);
    // Repeats happen on group_interval ticks: a shorter cooldown would silently become longer.
    if (seconds(repeat) < seconds(groupInterval)) {
      throw new Error(`cooldown ${cooldown} is shorter than ${receiver}'s group_interval`);
    }
    return { matchers: [matcher('cooldown', [cooldown])], repeat_interval: repeat };
  });
}

const channelRoute = (channel: Channel, rules: AlertDefinition[]) => ({
  matchers: [matcher('severity', channel.severities)],
  receiver: channel.receiver,
  group_wait: channel.groupWait,
  group_interval: channel.groupInterval,
  routes: cooldownRoutes(
    rules.filter((r) => channel.severities.includes(r.severity)),
    channel.groupInterval,
    channel.receiver,
  ),
});

const knownAlert = (known: Set<string>, names: string[], where: string) => {
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`${where} names unknown alerts: ${unknown.join(', ')}`);
};

/** The relay's bearer token, for the webhook and the Watchdog alike. */
const relayAuthorization = { authorization: { type: 'Bearer', credentials_file: secretFiles.relayToken } };

/** First: the Watchdog goes to the relay's heartbeat endpoint and stops there. */
const watchdogRoute = () => ({
  matchers: [matcher('alertname', [watchdog.alertname])],
  receiver: receivers.watchdog,
  group_wait: watchdog.groupWait,
  group_interval: watchdog.groupInterval,
  repeat_interval: watchdog.repeatInterval,
});

/** The mail copy of each Telegram-path alert; `continue` sends it on to its severity's channel too. */
function telegramPathRoutes(rules: AlertDefinition[], known: Set<string>) {
  return telegramPathAlerts.map((labels) => {
    knownAlert(known, [labels.alertname ?? ''], 'telegramPathAlerts');
    const matching = rules.filter((r) => r.alert === labels.alertname);
    return {
      matchers: Object.entries(labels).map(([label, value]) => matcher(label, [value])),
      receiver: receivers.email,
      continue: true,
      group_wait: telegramPathMail.groupWait,
      group_interval: telegramPathMail.groupInterval,
      routes: cooldownRoutes(matching, telegramPathMail.groupInterval, 'telegram-path mail'),
    };
  });
}

function inhibitRule(inhibition: Inhibition, known: Set<string>) {
  knownAlert(known, [...inhibition.sources, ...inhibition.targets], 'inhibition');
  const extra = Object.entries(inhibition.targetLabels ?? {}).map(([label, value]) =>
    matcher(label, [value]),
  );
  return {
    source_matchers: [matcher('alertname', inhibition.sources)],
    target_matchers: [matcher('alertname', inhibition.targets), ...extra],
    equal: inhibition.equal,
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
      group_by: groupBy,
      group_wait: '1m',
      group_interval: '15m',
      repeat_interval: '4h',
      routes: [
        watchdogRoute(),
        ...telegramPathRoutes(rules, known),
        ...channels.map((channel) => channelRoute(channel, rules)),
      ],
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
            http_config: relayAuthorization,
          },
        ],
      },
      { name: receivers.email, email_configs: [{ to: smtp.to, send_resolved: true }] },
      {
        name: receivers.watchdog,
        webhook_configs: [
          {
            url: watchdog.url,
            send_resolved: false,
            max_alerts: 0,
            http_config: relayAuthorization,
          },
        ],
      },
    ],
  };
}

/** The config as YAML, each inhibit rule preceded by its reason. */
export function renderAlertmanagerFile(
  rules: AlertDefinition[],
  config: unknown = alertmanagerConfig(rules),
  sources = 'alerting/alertmanager/*.ts',
): string {
  const yaml = toYaml(config, (doc) => {
    const items = (doc.get('inhibit_rules') as YAMLSeq<Node>).items;
    items.forEach((item, i) => {
      item.commentBefore = ` ${inhibitions[i]?.why}`;
    });
  });
  return generatedHeader(sources) + yaml;
}
