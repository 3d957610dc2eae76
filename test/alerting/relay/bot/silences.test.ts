/**
 * The silences client against Debian's real Alertmanager, with amtool reading back what it wrote.
 */
import { createServer } from 'node:http';
import { matchersFor, SilenceError, SilencesClient } from '../../../../alerting/relay/bot/silences';
import { postAlerts, startAlertmanager, type TestAlertmanager } from '../../../support/alertmanager-server';
import { startHangingServer } from '../../../support/hanging-server';
import { freePort } from '../../../support/ports';
import { runTool } from '../../tools';

let alertmanager: TestAlertmanager;
let client: SilencesClient;
const presser = { id: 424242, username: 'night_ops' };
const labels = { alertname: 'ApiDown', env: 'production', instance: 'api-1:8080', job: 'clicky-api' };

beforeAll(async () => {
  alertmanager = await startAlertmanager({
    config: { route: { receiver: 'null' }, receivers: [{ name: 'null' }] },
  });
  client = new SilencesClient({ url: alertmanager.url });
}, 60_000);

afterAll(async () => {
  await alertmanager?.stop();
});

function amtoolQuery(...args: string[]) {
  return runTool('amtool', [
    'silence',
    'query',
    `--alertmanager.url=${alertmanager.url}`,
    '-o',
    'json',
    ...args,
  ]);
}

describe('Alertmanager silences client', () => {
  it('creates a silence amtool sees, with who and where it came from', async () => {
    const id = await client.create({ matchers: matchersFor(labels), durationMs: 3600_000, by: presser });
    const result = amtoolQuery('instance=api-1:8080');
    expect(result.status).toBe(0);
    const silences = JSON.parse(result.stdout) as {
      id: string;
      createdBy: string;
      comment: string;
      matchers: unknown[];
      startsAt: string;
      endsAt: string;
    }[];
    const silence = silences.find((s) => s.id === id);
    expect(silence).toMatchObject({
      createdBy: '@night_ops (telegram:424242)',
      comment: expect.stringContaining('from Telegram'),
    });
    expect(silence?.matchers).toEqual(expect.arrayContaining(matchersFor(labels)));
    expect(silence?.matchers).toHaveLength(4);
    const length = Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '');
    expect(Math.abs(length - 3600_000)).toBeLessThan(60_000);
  });

  it('lists active silences and expires one', async () => {
    const id = await client.create({
      matchers: matchersFor({ alertname: 'DiskFull', env: 'staging' }),
      durationMs: 4 * 3600_000,
      by: { id: 7, firstName: 'Ana' },
    });
    const active = await client.listActive();
    expect(active.map((s) => s.id)).toContain(id);
    expect(active.find((s) => s.id === id)?.createdBy).toBe('Ana (telegram:7)');

    await client.expire(id);
    expect((await client.listActive()).map((s) => s.id)).not.toContain(id);
    expect(JSON.parse(amtoolQuery('alertname=DiskFull').stdout)).toEqual([]);
    expect((await client.get(id)).status.state).toBe('expired');
    await expect(client.expire(id)).resolves.toBeUndefined();
  });

  it('lists the alerts firing now, leaving out silenced ones', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    await postAlerts(alertmanager.url, [
      { labels: { alertname: 'QueueBacklog', env: 'staging', instance: 'q-1' }, startsAt },
      { labels: { alertname: 'QueueBacklog', env: 'staging', instance: 'q-2' }, startsAt },
    ]);
    await client.create({
      matchers: matchersFor({ alertname: 'QueueBacklog', instance: 'q-2' }),
      durationMs: 3600_000,
      by: presser,
    });
    const firing = (await client.firingAlerts()).filter((a) => a.labels.alertname === 'QueueBacklog');
    expect(firing.map((a) => a.labels.instance)).toEqual(['q-1']);
    expect(firing[0]).toMatchObject({ startsAt: expect.any(String), fingerprint: expect.any(String) });
  });

  it('says so when the silence is unknown', async () => {
    const error = await client.expire('00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SilenceError);
    expect((error as SilenceError).userMessage).toBe(
      'Alertmanager does not know that silence; the silence is unchanged.',
    );
  });

  it('refuses a silence without matchers before asking Alertmanager', async () => {
    await expect(client.create({ matchers: [], durationMs: 1000, by: presser })).rejects.toThrow(
      'at least one matcher',
    );
  });

  it('gives a clear answer, not a crash or a hang, when Alertmanager is down or hung', async () => {
    const down = new SilencesClient({ url: `http://user:hunter2@127.0.0.1:${await freePort()}` });
    const refused = await down
      .create({ matchers: matchersFor(labels), durationMs: 1000, by: presser })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SilenceError);
    expect((refused as SilenceError).userMessage).toBe(
      'Alertmanager is unreachable; nothing was silenced. Try again in a minute.',
    );
    expect((refused as SilenceError).message).toContain('connection refused');
    expect((refused as SilenceError).message).not.toContain('hunter2');
    const unread = await down.firingAlerts().catch((e: unknown) => e);
    expect((unread as SilenceError).userMessage).toBe(
      'Alertmanager is unreachable; nothing was read. Try again in a minute.',
    );

    const hanging = await startHangingServer();
    try {
      const hung = new SilencesClient({ url: `http://127.0.0.1:${hanging.port}`, timeoutMs: 300 });
      const timedOut = await hung.listActive().catch((e: unknown) => e);
      expect((timedOut as SilenceError).userMessage).toBe(
        'Alertmanager is unreachable; nothing was read. Try again in a minute.',
      );
      expect((timedOut as SilenceError).message).toContain('timeout');
    } finally {
      await hanging.close();
    }
  });

  it('sends basic auth when configured (Alertmanager ignores it, a proxy would check it)', async () => {
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    const port = (proxy.address() as { port: number }).port;
    try {
      const authed = new SilencesClient({
        url: `http://127.0.0.1:${port}`,
        basicAuth: { username: 'relay', password: 'hunter2' },
      });
      const error = await authed.listActive().catch((e: unknown) => e);
      expect(seen).toEqual([`Basic ${Buffer.from('relay:hunter2').toString('base64')}`]);
      expect((error as SilenceError).userMessage).toBe(
        'Alertmanager refused the relay HTTP 401; nothing was read.',
      );
      expect((error as SilenceError).message).not.toContain('hunter2');
    } finally {
      proxy.close();
    }
  });
});
