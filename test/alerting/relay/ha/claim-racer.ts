/**
 * One of the two processes of claims.test.ts's race: says `ready`, waits for a line on stdin (sent
 * to both at once), then claims keys 0..n-1 in the shared directory as fast as it can and prints the
 * keys it won as JSON. Usage: tsx claim-racer.ts <dir> <keys> <identity>
 */
import { once } from 'node:events';
import { claimStore } from '../../../../alerting/relay/ha/claims';

async function main() {
  const [dir = '', keys = '0', identity = 'racer'] = process.argv.slice(2);
  const store = claimStore(dir, identity);
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const won: number[] = [];
  const now = Date.now();
  for (let key = 0; key < Number(keys); key++)
    if (store.claim(`fp${key}`, 'firing', now + 3_600_000, now)) won.push(key);
  process.stdout.write(`${JSON.stringify(won)}\n`);
  process.stdin.destroy();
}

void main();
