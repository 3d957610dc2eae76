import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, freePortRange } from '../../stack/free-port';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'free-port-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Whether something can listen on `port` now. */
async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const listening = once(server, 'listening').then(() => true);
  const failed = once(server, 'error').then(() => false);
  server.listen(port, '127.0.0.1');
  const free = await Promise.race([listening, failed]);
  if (free) await new Promise((resolve) => server.close(resolve));
  return free;
}

it('gives a port nothing listens on', async () => {
  expect(await canListen(await freePort(dir))).toBe(true);
});

// The OS alone repeats a port about once in 30 calls here (a dozen times in 400).
it('never gives the same port twice while it is reserved', async () => {
  const ports: number[] = [];
  for (let i = 0; i < 400; i++) ports.push(await freePort(dir));
  expect(new Set(ports).size).toBe(ports.length);
});

it('never gives two processes the same port', async () => {
  const script = join(dir, 'pick.ts');
  writeFileSync(
    script,
    `import { freePort } from ${JSON.stringify(join(__dirname, '../../stack/free-port'))};
    (async () => {
      const ports: number[] = [];
      for (let i = 0; i < 200; i++) ports.push(await freePort(${JSON.stringify(join(dir, 'reservations'))}));
      console.log(JSON.stringify(ports));
    })();`,
  );
  const run = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await once(child, 'exit');
    return JSON.parse(out) as number[];
  };
  const [a, b] = await Promise.all([run(), run()]);
  expect(a).toHaveLength(200);
  expect(b).toHaveLength(200);
  expect(a.filter((port) => b.includes(port))).toEqual([]);
}, 60_000);

it('gives a range of consecutive ports, each free and reserved', async () => {
  const base = await freePortRange(5, dir);
  for (let port = base; port < base + 5; port++) expect(await canListen(port)).toBe(true);
  const next = await freePort(dir);
  expect(next < base || next >= base + 5).toBe(true);
});
