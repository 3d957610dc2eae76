/** The cuttable proxy between the exporter and PostgreSQL, against the real PostgreSQL. */
import { Client } from 'pg';
import { startTcpProxy } from '../../../stack/chaos/tcp-proxy';

const select1 = async (address: string) => {
  const client = new Client({
    connectionString: `postgres://postgres@${address}/postgres`,
    connectionTimeoutMillis: 2000,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query('SELECT 1 AS one')).rows[0];
  } finally {
    await client.end().catch(() => {});
  }
};

it('passes PostgreSQL through, refuses and resets when cut, and serves again on the same port when restored', async () => {
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  try {
    expect(await select1(proxy.address)).toEqual({ one: 1 });

    const open = new Client({ connectionString: `postgres://postgres@${proxy.address}/postgres` });
    const lost = new Promise<Error>((resolve) => open.on('error', resolve));
    await open.connect();
    await proxy.cut();
    expect((await lost).message).toMatch(/ECONNRESET|terminated/);
    await expect(select1(proxy.address)).rejects.toThrow(/ECONNREFUSED/);

    await proxy.restore();
    expect(await select1(proxy.address)).toEqual({ one: 1 });
  } finally {
    await proxy.close();
  }
});
