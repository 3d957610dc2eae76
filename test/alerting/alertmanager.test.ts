/**
 * The generated Alertmanager config: amtool accepts it, and `amtool config routes test` sends each
 * alert of the spec's table to its channel, through the route whose repeat_interval is its cooldown.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALERTMANAGER_FILE } from '../../alerting/generate-rules';
import { allRules } from '../../alerting/rules';
import { runTool } from './tools';

/**
 * Spec section 4 (Alert Channels, Alert Rules), plus the extra rows and the meta-monitoring alerts;
 * "None" repeats after a year (each failed run is an alert of its own, see jobs.test.yml). Alerts about
 * the Telegram path also go by email (`mail`).
 */
type Want = { severity: string; cooldown: string; receiver: string; repeat: string; mail?: true };
const expected: Record<string, Want> = {
  // The SLOs' burn-rate alerts, one name each for page (critical) and ticket (warning), as Sloth does.
  'ApiAvailabilityBudgetBurn critical': {
    severity: 'critical',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  'ApiAvailabilityBudgetBurn warning': {
    severity: 'warning',
    cooldown: '1d',
    receiver: 'email',
    repeat: '1d',
  },
  'ApiLatencyBudgetBurn critical': {
    severity: 'critical',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  'ApiLatencyBudgetBurn warning': { severity: 'warning', cooldown: '1d', receiver: 'email', repeat: '1d' },
  'PublicUptimeBudgetBurn critical': {
    severity: 'critical',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  'PublicUptimeBudgetBurn warning': { severity: 'warning', cooldown: '1d', receiver: 'email', repeat: '1d' },
  'AlertDeliveryBudgetBurn critical': {
    severity: 'critical',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  'AlertDeliveryBudgetBurn warning': { severity: 'warning', cooldown: '1d', receiver: 'email', repeat: '1d' },
  ServiceDown: { severity: 'critical', cooldown: '5m', receiver: 'telegram-relay', repeat: '5m' },
  HighErrorRate: { severity: 'error', cooldown: '10m', receiver: 'telegram-relay', repeat: '10m' },
  DatabaseDown: { severity: 'critical', cooldown: '5m', receiver: 'telegram-relay', repeat: '5m' },
  RedisDown: { severity: 'error', cooldown: '5m', receiver: 'telegram-relay', repeat: '5m' },
  DeploymentFailed: { severity: 'error', cooldown: 'none', receiver: 'telegram-relay', repeat: '365d' },
  SlowResponse: { severity: 'warning', cooldown: '15m', receiver: 'email', repeat: '15m' },
  DiskSpaceLow: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  DiskSpaceCritical: { severity: 'critical', cooldown: '15m', receiver: 'telegram-relay', repeat: '15m' },
  BackupFailed: { severity: 'error', cooldown: 'none', receiver: 'telegram-relay', repeat: '365d' },
  WpSyncFailed: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  SslCertificateExpiry: { severity: 'warning', cooldown: '1d', receiver: 'email', repeat: '1d' },
  // Extra rows.
  WebsiteDown: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  ExporterDown: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  BackupStale: { severity: 'error', cooldown: '1d', receiver: 'telegram-relay', repeat: '1d' },
  WpSyncStale: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  // Meta-monitoring.
  TargetDown: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  ApiMetricsAbsent: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  PrometheusRuleEvaluationFailures: {
    severity: 'error',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  PrometheusNotConnectedToAlertmanagers: {
    severity: 'error',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  PrometheusErrorSendingAlerts: {
    severity: 'error',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  PrometheusConfigReloadFailed: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  AlertmanagerNotificationsFailing: {
    severity: 'error',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
  },
  AlertmanagerConfigReloadFailed: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  RelayDown: { severity: 'critical', cooldown: '1h', receiver: 'telegram-relay', repeat: '1h', mail: true },
  RelayDeliveryFailing: {
    severity: 'critical',
    cooldown: '1h',
    receiver: 'telegram-relay',
    repeat: '1h',
    mail: true,
  },
  LogShippingDroppingLines: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  PushgatewayDown: { severity: 'warning', cooldown: '1h', receiver: 'email', repeat: '1h' },
  Watchdog: { severity: 'none', cooldown: '1m', receiver: 'watchdog', repeat: '1m' },
};

interface Route {
  matchers?: string[];
  receiver?: string;
  repeat_interval?: string;
  routes?: Route[];
}

const config = parse(readFileSync(ALERTMANAGER_FILE, 'utf8')) as { route: Route };

const routesTest = (labels: Record<string, string>, receiver: string) =>
  runTool('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${ALERTMANAGER_FILE}`,
    '--tree',
    `--verify.receivers=${receiver}`,
    ...Object.entries(labels).map(([name, value]) => `${name}=${value}`),
  ]);

it('amtool check-config accepts the config', () => {
  const result = runTool('amtool', ['check-config', ALERTMANAGER_FILE]);
  expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
  expect(result.output).toContain('SUCCESS');
});

/** The table's key: the alert's name, and its severity where one name has several (the SLO alerts). */
const keyOf = (rule: (typeof allRules)[number]) =>
  allRules.filter((r) => r.alert === rule.alert).length > 1 ? `${rule.alert} ${rule.severity}` : rule.alert;

it('covers exactly the defined alerts', () => {
  expect(allRules.map(keyOf).sort()).toEqual(Object.keys(expected).sort());
});

const channelRules = allRules.filter((r) => r.alert !== 'Watchdog');

describe.each(allRules)('$alert', (rule) => {
  const want = expected[keyOf(rule)];
  if (!want) throw new Error(`${keyOf(rule)} is missing from the table above`);

  it('has the severity and cooldown of the spec', () => {
    expect({ severity: rule.severity, cooldown: rule.cooldown }).toEqual({
      severity: want.severity,
      cooldown: want.cooldown,
    });
  });
});

describe.each(channelRules)('$alert', (rule) => {
  const want = expected[keyOf(rule)] as Want;
  const receivers = want.mail ? ['email', want.receiver] : [want.receiver];

  it(`routes to ${receivers.join(' and ')} through its cooldown route, repeating after ${want.repeat}`, () => {
    const result = routesTest(
      { alertname: rule.alert, severity: rule.severity, cooldown: rule.cooldown, env: 'production' },
      receivers.join(','),
    );
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(`{cooldown="${rule.cooldown}"}`);

    const channel = config.route.routes?.find(
      (r) => r.receiver === want.receiver && r.matchers?.some((m) => m.startsWith('severity')),
    );
    const cooldownRoute = channel?.routes?.find((r) => r.matchers?.includes(`cooldown="${rule.cooldown}"`));
    expect(cooldownRoute?.repeat_interval).toBe(want.repeat);
  });
});

describe("Watchdog (the dead man's switch)", () => {
  const watchdog = expected.Watchdog as Want;

  it("goes to the relay's watchdog endpoint only, every minute, from the first route", () => {
    const result = routesTest(
      { alertname: 'Watchdog', severity: 'none', cooldown: '1m', env: 'production' },
      'watchdog',
    );
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    // Even with a severity that would otherwise page someone, it reaches nothing else.
    const critical = routesTest({ alertname: 'Watchdog', severity: 'critical', cooldown: '5m' }, 'watchdog');
    expect({ status: critical.status, output: critical.output }).toMatchObject({ status: 0 });

    const first = config.route.routes?.[0];
    expect(first).toEqual({
      matchers: ['alertname="Watchdog"'],
      receiver: 'watchdog',
      group_wait: '0s',
      group_interval: '1m',
      repeat_interval: watchdog.repeat,
    });
  });

  it("posts to POST /alertmanager/watchdog with the relay webhook's token, without resolved posts", () => {
    const receivers = parse(readFileSync(ALERTMANAGER_FILE, 'utf8')).receivers as {
      name: string;
      webhook_configs?: { url: string; send_resolved: boolean; http_config: unknown }[];
    }[];
    const hook = receivers.find((r) => r.name === 'watchdog')?.webhook_configs?.[0];
    const relay = receivers.find((r) => r.name === 'telegram-relay')?.webhook_configs?.[0];
    expect(new URL(hook?.url ?? '').pathname).toBe('/alertmanager/watchdog');
    expect(new URL(hook?.url ?? '').host).toBe(new URL(relay?.url ?? '').host);
    expect(hook?.http_config).toEqual(relay?.http_config);
    expect(hook?.send_resolved).toBe(false);
  });
});

describe('the Telegram path', () => {
  it('mails a failing webhook integration (the relay) and sends it to Telegram too', () => {
    const labels = { alertname: 'AlertmanagerNotificationsFailing', severity: 'error', cooldown: '1h' };
    const webhook = routesTest({ ...labels, integration: 'webhook' }, 'email,telegram-relay');
    expect({ status: webhook.status, output: webhook.output }).toMatchObject({ status: 0 });
  });

  it('sends a failing email integration to Telegram only', () => {
    const labels = { alertname: 'AlertmanagerNotificationsFailing', severity: 'error', cooldown: '1h' };
    const email = routesTest({ ...labels, integration: 'email' }, 'telegram-relay');
    expect({ status: email.status, output: email.output }).toMatchObject({ status: 0 });
  });
});

it("groups by environment: one environment's alerts never share a notification with another's", () => {
  expect((config.route as Route & { group_by: string[] }).group_by).toContain('env');
});

it('mails an alert that has no severity (someone else’s rule) instead of dropping it', () => {
  const result = routesTest({ alertname: 'SomethingElse' }, 'email');
  expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
});

it('keeps the relay token and SMTP password out of the repository', () => {
  const text = readFileSync(ALERTMANAGER_FILE, 'utf8');
  expect(text).toContain('credentials_file: /etc/alertmanager/secrets/');
  expect(text).toContain('smtp_auth_password_file: /etc/alertmanager/secrets/');
  expect(text).not.toMatch(/^\s*(?:credentials|smtp_auth_password|smtp_auth_secret):/m);
});
