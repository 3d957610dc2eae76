/**
 * `npm run stack`: the local monitoring stack (stack/stack.ts) until Ctrl-C or SIGTERM, which stop
 * every child and remove the temporary directory. The exporter and relay read this shell's environment.
 */
import { exitOnHelp } from '../lib/cli/help';
import { EX_CONFIG } from '../lib/config/exit-codes';
import { MissingBinaryError } from './binaries';
import { SERVICES } from './services';
import { type Stack, startStack } from './stack';

const log = (line: string) => console.log(`stack: ${line}`);

async function main(): Promise<void> {
  exitOnHelp({
    usage: 'npm run stack',
    summary:
      'The monitoring stack on this machine, without Docker: the exporter, Prometheus, Alertmanager, ' +
      'Pushgateway, blackbox_exporter (from PATH), and the relay when Telegram is configured. ' +
      'Ctrl-C stops everything.',
    environment: [
      ['STACK_BASE_PORT', 'first of consecutive ports for the services (default: free ports)'],
      ['APP_ENV', 'the env label and the targets probed (default development: local targets)'],
      ['TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID', 'start the relay too (left out without them)'],
      ['DATABASE_URL, REDIS_URL, MINIO_*', "the exporter's dependencies, as for npm start"],
    ],
    seeAlso: 'stack/README.md',
  });
  // Installed first: a signal during the start still stops whatever has started.
  let signalled: string | undefined;
  let stack: Stack | undefined;
  const shutdown = (signal: string) => {
    if (signalled) return; // one stop is under way; it ends with the process
    signalled = signal;
    log(`${signal}: stopping`);
    if (stack) stopAndExit(stack);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const basePort = basePortOrExit(process.env.STACK_BASE_PORT);
  try {
    stack = await startStack({ log, basePort });
  } catch (err) {
    console.error(`stack: ${(err as Error).message}`);
    process.exit(err instanceof MissingBinaryError ? 69 : 1);
  }
  if (signalled) {
    stopAndExit(stack);
    return;
  }
  for (const [name, url] of Object.entries(stack.urls)) log(`${name.padEnd(12)} ${url}`);
  for (const { name, why } of stack.leftOut) log(`left out: ${name}: ${why}`);
  log(`every series is labelled env="${stack.env}" (APP_ENV)`);
  log(`logs in ${stack.dir}/logs; Ctrl-C stops everything`);
}

/** STACK_BASE_PORT: the first of seven consecutive ports; unset: free ports. Invalid: exit 78. */
function basePortOrExit(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 1024 && port <= 65535 - (SERVICES.length + 1)) return port;
  console.error(
    `stack: invalid configuration: STACK_BASE_PORT: must be a port from 1024 to ${65535 - SERVICES.length - 1} (the stack uses it and the next ${SERVICES.length})`,
  );
  process.exit(EX_CONFIG);
}

function stopAndExit(stack: Stack): void {
  stack.stop().then(
    () => {
      log('stopped');
      process.exit(0);
    },
    (err: unknown) => {
      console.error(`stack: stopping failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}

void main();
