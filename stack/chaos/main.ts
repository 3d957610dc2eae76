/**
 * `npm run chaos`: the local stack at the scaled clock (scale.ts), one failure at a time, and a table
 * of who was told. Exit 0 when every row was notified, 1 when a row is blind, 69 without the binaries.
 */
import { MissingBinaryError } from '../binaries';
import { runMatrix } from './runner';
import { SCALE } from './scale';
import { scenarios } from './scenarios';
import { renderTable } from './table';
import { startWorld } from './world';

const USAGE = `usage: npm run chaos [-- [--only <text>] [--list] [--help]]

Starts the local stack (stack/README.md) with every interval divided by ${SCALE} (1m becomes 2s),
with a fake API, a cuttable proxy to PostgreSQL (127.0.0.1:5432), a fake Telegram and an SMTP sink,
breaks one thing at a time, restores it, and prints which alert told a human, by which channel,
how many seconds after the failure. See stack/chaos/README.md.

  --only <text>   run only the rows whose failure contains <text> (case-insensitive; repeatable)
  --list          print the rows and exit
  --help, -h      this text`;

const started = Date.now();
const log = (line: string) =>
  console.error(`chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s: ${line}`);

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.includes('--list')) {
    for (const s of scenarios) console.log(`${s.name}: ${s.expect.alert} by ${s.expect.channel}`);
    return 0;
  }
  const only = argv.flatMap((arg, i) => (argv[i - 1] === '--only' ? [arg.toLowerCase()] : []));
  const unknown = argv.filter((arg, i) => arg !== '--only' && argv[i - 1] !== '--only');
  if (unknown.length > 0) {
    console.error(`chaos: unknown argument ${unknown[0]}\n${USAGE}`);
    return 64;
  }
  const chosen = only.length
    ? scenarios.filter((s) => only.some((o) => s.name.toLowerCase().includes(o)))
    : scenarios;
  let world: Awaited<ReturnType<typeof startWorld>> | undefined;
  const stop = async () => {
    await world?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stop().then(() => process.exit(130));
    });
  }
  try {
    world = await startWorld(log);
  } catch (err) {
    log((err as Error).message);
    return err instanceof MissingBinaryError ? 69 : 1;
  }
  try {
    const rows = await runMatrix(world, chosen);
    console.log(renderTable(rows));
    return rows.every((r) => r.outcome === 'notified') ? 0 : 1;
  } finally {
    await stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
