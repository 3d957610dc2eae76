/**
 * The generated Alertmanager config: amtool accepts it, and `amtool config routes test` sends each
 * alert of the spec's table to its channel, through the route whose repeat_interval is its cooldown.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALERTMANAGER_FILE } from '../../alerting/generate-rules';
import { allRules } from '../../alerting/rules';
import { runTool } from './tools';

/** Spec section 4 (Alert Channels, Alert Rules), plus the extra rows; "None" repeats after a year. */
const expected: Record<string, { severity: string; cooldown: string; receiver: string; repeat: string }> = {
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

it('covers exactly the defined alerts', () => {
  expect(allRules.map((r) => r.alert).sort()).toEqual(Object.keys(expected).sort());
});

describe.each(allRules)('$alert', (rule) => {
  const want = expected[rule.alert];
  if (!want) throw new Error(`${rule.alert} is missing from the table above`);

  it('has the severity and cooldown of the spec', () => {
    expect({ severity: rule.severity, cooldown: rule.cooldown }).toEqual({
      severity: want.severity,
      cooldown: want.cooldown,
    });
  });

  it(`routes to ${want.receiver} through its cooldown route, repeating after ${want.repeat}`, () => {
    const result = routesTest(
      { alertname: rule.alert, severity: rule.severity, cooldown: rule.cooldown },
      want.receiver,
    );
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(`{cooldown="${rule.cooldown}"}`);

    const channel = config.route.routes?.find((r) => r.receiver === want.receiver);
    const cooldownRoute = channel?.routes?.find((r) => r.matchers?.includes(`cooldown="${rule.cooldown}"`));
    expect(cooldownRoute?.repeat_interval).toBe(want.repeat);
  });
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
