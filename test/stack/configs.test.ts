import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { writeAlertmanagerDir } from '../../stack/configs';
import { runTool } from '../alerting/tools';

describe('writeAlertmanagerDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-configs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('points every relay endpoint (webhook and Watchdog heartbeat) at the local relay, with the local token', () => {
    const file = writeAlertmanagerDir(dir, {
      relay: '127.0.0.1:40001',
      smtp: '127.0.0.1:40002',
      relayToken: 't',
    });
    const { receivers } = parse(readFileSync(file, 'utf8')) as {
      receivers: {
        name: string;
        webhook_configs?: { url: string; http_config: { authorization: { credentials_file: string } } }[];
      }[];
    };
    const hooks = Object.fromEntries(
      receivers.flatMap((r) => (r.webhook_configs ?? []).map((h) => [r.name, h] as const)),
    );
    expect(hooks['telegram-relay']?.url).toBe('http://127.0.0.1:40001/alertmanager/webhook');
    expect(hooks.watchdog?.url).toBe('http://127.0.0.1:40001/alertmanager/watchdog');
    expect(hooks.watchdog?.http_config.authorization.credentials_file).toBe(
      join(dir, 'secrets', 'relay_token'),
    );
    expect(runTool('amtool', ['check-config', file]).status).toBe(0);
  });
});
