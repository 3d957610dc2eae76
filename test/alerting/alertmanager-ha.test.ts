/**
 * The Alertmanager cluster's config (alerting/alertmanager/alertmanager.ha.yml, compose profile ha):
 * the single instance's with every relay webhook doubled to relay-b, and amtool accepts it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALERTMANAGER_FILE, ALERTMANAGER_HA_FILE } from '../../alerting/generate-rules';
import { runTool } from './tools';

type Receiver = { name: string; webhook_configs?: { url: string }[]; email_configs?: unknown[] };
type Config = { route: unknown; inhibit_rules: unknown; receivers: Receiver[] };

const single = parse(readFileSync(ALERTMANAGER_FILE, 'utf8')) as Config;
const ha = parse(readFileSync(ALERTMANAGER_HA_FILE, 'utf8')) as Config;

it('routes and inhibits exactly as the single instance does', () => {
  expect(ha.route).toEqual(single.route);
  expect(ha.inhibit_rules).toEqual(single.inhibit_rules);
  expect(ha.receivers.map((r) => r.name)).toEqual(single.receivers.map((r) => r.name));
});

it('posts every relay webhook (alerts and the Watchdog) to both relays, and the rest unchanged', () => {
  for (const [i, receiver] of single.receivers.entries()) {
    const doubled = ha.receivers[i] as Receiver;
    const expected = (receiver.webhook_configs ?? []).flatMap((w) =>
      w.url.startsWith('http://relay:9471/')
        ? [w, { ...w, url: w.url.replace('relay:9471', 'relay-b:9471') }]
        : [w],
    );
    expect({ name: receiver.name, webhooks: doubled.webhook_configs ?? [] }).toEqual({
      name: receiver.name,
      webhooks: expected,
    });
    expect(doubled.email_configs).toEqual(receiver.email_configs);
  }
  expect(ha.receivers.flatMap((r) => r.webhook_configs ?? []).some((w) => w.url.includes('relay-b'))).toBe(
    true,
  );
});

it('amtool check-config accepts it', () => {
  const result = runTool('amtool', ['check-config', ALERTMANAGER_HA_FILE]);
  expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
});
