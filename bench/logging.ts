/**
 * npm run bench:logging
 *
 * Lines per second for the same 10-field line (the spec's request fields and a few more), written
 * by (a) our logger (lib/logging: spec key order, redaction by key and value, bodies dropped),
 * (b) plain pino and (c) pino with its built-in path redaction (`redact: [...]`) for the keys our
 * key rules catch by name. The peers are configured to write the same JSON shape (ISO timestamp,
 * upper-case level, `message`), so the ratio is the price of what ours does more, not of a format.
 *
 * All three write to the same kind of destination: sonic-boom on /dev/null, buffering 4 KiB as the
 * asynchronous stdout destination of a service does. Rounds alternate between the three, so each
 * round's figures share the machine's state of the moment; the ratio is the median of per-round
 * ratios. Target: ours >= 0.5x plain pino.
 *
 * Time is this process's CPU time (user + system), not the wall clock: writing is synchronous and
 * in-process, so that is the cost of a line, and it does not count the time other processes on a
 * shared machine took the CPU away.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createLogger } from '../lib/logging/logger';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const WARMUP_LINES = 20_000;
const TARGET = 0.5;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`npm run bench:logging [-- --help]

Lines/s of our logger, plain pino and pino with path redaction, writing the same 10-field line to
/dev/null in alternating rounds; prints the ratios (target: ours >= ${TARGET}x plain pino).
Environment: BENCH_ROUNDS (default 7), BENCH_LINES per round and writer (default 100000).`);
  process.exit(0);
}

/** The fields of a "Request completed" line, plus the service and endpoint of the call. */
const FIELDS = {
  request_id: 'req-8f3a1c2e9b7d4a60',
  user_id: '5f0c6a7e-3b1d-4c2a-9e8f-1a2b3c4d5e6f',
  method: 'POST',
  path: '/api/v1/bookings',
  status_code: 201,
  duration_ms: 45,
  ip: '203.0.113.50',
  user_agent: 'ClickyApp/1.0 (Android 14; Pixel 8)',
  service: 'wordpress',
  endpoint: '/wp-json/wp/v2/posts',
};
const MESSAGE = 'Request completed';
/** Request ids and durations change from line to line, as they do in a service. */
const REQUEST_IDS = Array.from({ length: 4096 }, () => `req-${randomBytes(8).toString('hex')}`);
let sequence = 0;
const nextFields = () => {
  sequence++;
  return { ...FIELDS, request_id: REQUEST_IDS[sequence & 4095], duration_ms: sequence % 997 };
};

/**
 * Keys our key rules redact, spelled as a caller would, at the top level and one level down:
 * pino's paths match exact names at fixed depths, ours any spelling at any depth.
 */
const REDACTED_KEYS = [
  'password',
  'passwd',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'apikey',
  'authorization',
  'cookie',
  'session_id',
  'email',
  'phone',
  'address',
  'card_number',
  'cvv',
  'account_number',
  'iban',
  'full_name',
];
const REDACT_PATHS = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`)];

const destination = () => pino.destination({ dest: '/dev/null', sync: true, minLength: 4096 });

/** The spec's line shape for the peers: ISO timestamp, upper-case level name, `message`. */
const peerOptions: pino.LoggerOptions = {
  base: null,
  messageKey: 'message',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label.toUpperCase() }) },
};

type Write = () => void;

function writers(): Record<string, Write> {
  const ours = createLogger({ app: 'bench', env: 'production', destination: destination() });
  const oursNamed = ours.child({ logger: 'app.api.bookings' });
  const plain = pino(peerOptions, destination());
  const redacting = pino(
    { ...peerOptions, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } },
    destination(),
  );
  return {
    ours: () => oursNamed.info(nextFields(), MESSAGE),
    'plain pino': () => plain.info(nextFields(), MESSAGE),
    'pino + redact paths': () => redacting.info(nextFields(), MESSAGE),
  };
}

function linesPerSecond(write: Write, lines: number): number {
  const started = process.cpuUsage();
  for (let i = 0; i < lines; i++) write();
  const { user, system } = process.cpuUsage(started);
  return lines / ((user + system) / 1e6);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function main(): void {
  const all = writers();
  const names = Object.keys(all);
  for (const name of names) linesPerSecond(all[name] as Write, WARMUP_LINES);

  const rates = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate who goes first: the first writer of a round meets the garbage of the previous one.
    const order = names.map((_, i) => names[(i + round) % names.length] as string);
    for (const name of order) rates.get(name)?.push(linesPerSecond(all[name] as Write, LINES));
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  const perRoundRatio = (name: string, peer: string) =>
    median((rates.get(name) ?? []).map((rate, i) => rate / (rates.get(peer)?.[i] ?? NaN)));
  console.log(
    `${ROUNDS} rounds of ${LINES} lines each, same 10-field line, /dev/null (median lines per CPU second):`,
  );
  for (const name of names) {
    console.log(
      `  ${name.padEnd(20)} ${median(rates.get(name) ?? [])
        .toFixed(0)
        .padStart(9)} lines/s`,
    );
  }
  const vsPlain = perRoundRatio('ours', 'plain pino');
  console.log(
    `ours / plain pino           ${vsPlain.toFixed(2)}x (target >= ${TARGET}x: ${vsPlain >= TARGET ? 'met' : 'NOT met'})`,
  );
  console.log(`ours / pino + redact paths  ${perRoundRatio('ours', 'pino + redact paths').toFixed(2)}x`);
  console.log(
    `pino + redact paths / plain ${perRoundRatio('pino + redact paths', 'plain pino').toFixed(2)}x`,
  );
}

main();
