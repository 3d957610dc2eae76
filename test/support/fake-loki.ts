/**
 * A local stand-in for Grafana Loki's push API, for tests: it accepts and rejects what Loki does
 * for JSON pushes, stores what it accepts, and can be broken on demand.
 *
 * Modelled on Loki 3 (pkg/loghttp/push, pkg/loghttp/entry.go, the distributor's validation):
 * - `POST /loki/api/v1/push`, `Content-Type: application/json` (optionally gzip-encoded) -> 204.
 *   Decoding errors (malformed JSON, wrong types, non-numeric timestamps) -> 400, nothing stored.
 *   Validation is per stream and per entry, as in Loki: an empty label set, an invalid label name,
 *   or an entry older than `rejectOldSamplesMaxAgeMs` (168 h) or newer than now +
 *   `creationGracePeriodMs` (10 min) is refused, the rest of the request is stored, and the answer
 *   is 400 with one reason per line.
 * - Other content types: Loki decodes them as snappy-compressed protobuf and fails, so 400;
 *   `application/x-protobuf` itself gets 415 because this fake does not implement protobuf.
 * - `GET /ready` -> 200 "ready".
 * Deliberate differences, to catch client bugs: a body without a `streams` array is refused
 * (Loki accepts it as an empty push), timestamps must be plain digits (Loki also takes a sign),
 * and identical entries are all stored (Loki de-duplicates them) so tests can see re-sends.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface FakeLokiEntry {
  /** X-Scope-OrgID, or "fake" as Loki names the tenant when auth is disabled. */
  tenant: string;
  labels: Record<string, string>;
  /** Unix epoch nanoseconds, as sent. */
  ts: string;
  line: string;
  /** Structured metadata, when the entry had a third element. */
  metadata?: Record<string, string>;
}

/** One push request as the fake saw it: the status it answered, or "hung" when it never did. */
export interface FakeLokiPush {
  status: number | 'hung';
  /** Entries in the request, when it could be decoded. */
  entries: number;
}

export interface FakeLokiOptions {
  /** Loki's reject_old_samples_max_age. Default 168 h. */
  rejectOldSamplesMaxAgeMs?: number;
  /** Loki's creation_grace_period. Default 10 min. */
  creationGracePeriodMs?: number;
  /** Loki's auth_enabled: pushes without X-Scope-OrgID get 401 "no org id". Default false. */
  authEnabled?: boolean;
}

export interface FakeLoki {
  /** Base URL, e.g. http://127.0.0.1:41234 (the same across down()/up()). */
  readonly url: string;
  /** What was stored, in arrival order. */
  entries(): FakeLokiEntry[];
  /** Every push request received, in order. */
  pushes(): FakeLokiPush[];
  /** Stops listening and cuts every connection: clients get "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** While on, pushes that arrive are recorded as "hung", read, and never answered. */
  hang(on: boolean): void;
  /** Answers the next `count` pushes with `status` (429, 500, 503, ...) and a Loki-like body, storing nothing. */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

const PUSH_PATH = '/loki/api/v1/push';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DIGITS = /^\d+$/;
const INT64_MAX = 2n ** 63n - 1n; // Loki parses timestamps with strconv.ParseInt(s, 10, 64)
const HOUR_MS = 3_600_000;

/** Rejections that make the whole request fail before anything is stored. */
class DecodeError extends Error {}
class UnsupportedMediaType extends Error {}

interface Reply {
  status: number;
  text: string;
  /** Entries in the request, when it was a decodable push. */
  entries: number;
}

export async function startFakeLoki(options: FakeLokiOptions = {}): Promise<FakeLoki> {
  const maxAgeMs = options.rejectOldSamplesMaxAgeMs ?? 168 * HOUR_MS;
  const graceMs = options.creationGracePeriodMs ?? HOUR_MS / 6;
  const stored: FakeLokiEntry[] = [];
  const pushes: FakeLokiPush[] = [];
  const sockets = new Set<Socket>();
  let hanging = false;
  let failures: { count: number; status: number } = { count: 0, status: 0 };

  const server = createServer((req, res) => {
    // Decided and recorded on arrival, not once the body is in: a client that gives up (times out)
    // before it has sent all of its body still made a push, and it still hung.
    if (hanging && isPush(req)) {
      pushes.push({ status: 'hung', entries: 0 });
      req.resume(); // read, never answered: hung until the client gives up, down() or close()
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(res, route(req, Buffer.concat(chunks))));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function route(req: IncomingMessage, body: Buffer): Reply {
    const path = pathOf(req);
    if (path === '/ready' && req.method === 'GET') return { status: 200, text: 'ready', entries: 0 };
    if (path !== PUSH_PATH) return { status: 404, text: '404 page not found', entries: 0 };
    if (req.method !== 'POST') return { status: 405, text: 'Method Not Allowed', entries: 0 };
    const reply = push(req, body);
    pushes.push({ status: reply.status, entries: reply.entries });
    return reply;
  }

  function push(req: IncomingMessage, body: Buffer): Reply {
    const tenant = req.headers['x-scope-orgid'];
    if (options.authEnabled && typeof tenant !== 'string')
      return { status: 401, text: 'no org id', entries: 0 };
    let streams: DecodedStream[];
    try {
      streams = decode(req.headers['content-type'], req.headers['content-encoding'], body);
    } catch (error) {
      if (error instanceof UnsupportedMediaType) return { status: 415, text: error.message, entries: 0 };
      return { status: 400, text: (error as Error).message, entries: 0 };
    }
    const entries = streams.reduce((sum, s) => sum + s.values.length, 0);
    if (failures.count > 0) {
      failures.count--;
      return { status: failures.status, text: failureBody(failures.status, entries, body.length), entries };
    }
    const problems = store(typeof tenant === 'string' ? tenant : 'fake', streams);
    return problems.length > 0
      ? { status: 400, text: problems.join('\n'), entries }
      : { status: 204, text: '', entries };
  }

  /** Per-stream and per-entry validation, as Loki's distributor does: what is valid is kept. */
  function store(tenant: string, streams: DecodedStream[]): string[] {
    const problems: string[] = [];
    const now = Date.now();
    for (const { labels, values } of streams) {
      const names = Object.keys(labels);
      const shown = `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
      if (names.length === 0) {
        problems.push('error at least one label pair is required per stream');
        continue;
      }
      const invalid = names.find((name) => !LABEL_NAME.test(name));
      if (invalid !== undefined) {
        problems.push(
          `Error parsing labels '${shown}' with error: invalid label name ${JSON.stringify(invalid)}`,
        );
        continue;
      }
      for (const [ts, line, metadata] of values) {
        const ms = Number(BigInt(ts) / 1_000_000n);
        if (ms < now - maxAgeMs) {
          const oldest = new Date(now - maxAgeMs).toISOString();
          problems.push(
            `entry for stream '${shown}' has timestamp too old: ${new Date(ms).toISOString()}, oldest acceptable timestamp is: ${oldest}`,
          );
        } else if (ms > now + graceMs) {
          problems.push(`entry for stream '${shown}' has timestamp too new: ${new Date(ms).toISOString()}`);
        } else {
          stored.push({ tenant, labels, ts, line, ...(metadata ? { metadata } : {}) });
        }
      }
    }
    return problems;
  }

  await listen(server, 0);
  const { port } = server.address() as AddressInfo;

  const cutConnections = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    entries: () => [...stored],
    pushes: () => [...pushes],
    async down() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutConnections();
      await closed;
    },
    async up() {
      if (!server.listening) await listen(server, port);
    },
    hang(on) {
      hanging = on;
    },
    failNext(count, status) {
      failures = { count, status };
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutConnections();
      await closed;
    },
  };
}

interface DecodedStream {
  labels: Record<string, string>;
  values: [string, string, Record<string, string>?][];
}

function decode(contentType: string | undefined, encoding: string | undefined, raw: Buffer): DecodedStream[] {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/x-protobuf') {
    throw new UnsupportedMediaType('fake-loki: protobuf pushes are not implemented, send application/json');
  }
  if (mediaType === '') throw new DecodeError('mime: no media type');
  if (mediaType !== 'application/json') {
    throw new DecodeError(`unsupported content type ${JSON.stringify(mediaType)}: snappy: corrupt input`);
  }
  let body: Buffer;
  if (!encoding) body = raw;
  else if (encoding === 'gzip') body = gunzipSync(raw);
  else throw new DecodeError(`Content-Encoding ${JSON.stringify(encoding)} not supported`);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new DecodeError(`malformed JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed) || !Array.isArray(parsed.streams)) throw new DecodeError('missing streams');
  return parsed.streams.map(decodeStream);
}

function decodeStream(stream: unknown, index: number): DecodedStream {
  const where = `streams[${index}]`;
  if (!isObject(stream)) throw new DecodeError(`${where}: a stream must be an object`);
  const rawLabels = stream.stream ?? {};
  if (!isObject(rawLabels)) throw new DecodeError(`${where}.stream: labels must be an object`);
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawLabels)) {
    if (typeof value !== 'string')
      throw new DecodeError(`${where}.stream.${name}: label values must be strings`);
    labels[name] = value;
  }
  const rawValues = stream.values ?? [];
  if (!Array.isArray(rawValues)) throw new DecodeError(`${where}.values: must be an array`);
  return { labels, values: rawValues.map((value, i) => decodeValue(value, `${where}.values[${i}]`)) };
}

function decodeValue(value: unknown, where: string): [string, string, Record<string, string>?] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    throw new DecodeError(`${where}: an entry must be [timestamp, line] or [timestamp, line, metadata]`);
  }
  const [ts, line, metadata] = value as unknown[];
  if (typeof ts !== 'string' || !DIGITS.test(ts)) {
    throw new DecodeError(`${where}: error reading entry timestamp: must be a string of digits (Unix ns)`);
  }
  if (BigInt(ts) > INT64_MAX)
    throw new DecodeError(`${where}: error reading entry timestamp: value out of range`);
  if (typeof line !== 'string') throw new DecodeError(`${where}: the line must be a string`);
  if (value.length === 2) return [ts, line];
  if (!isObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string')) {
    throw new DecodeError(`${where}: structured metadata must be an object of strings`);
  }
  return [ts, line, metadata as Record<string, string>];
}

/** Bodies shaped like the ones Loki (or the gateway in front of it) sends. */
function failureBody(status: number, lines: number, bytes: number): string {
  if (status === 429) {
    return `Ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec) while attempting to ingest '${lines}' lines totaling '${bytes}' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased`;
  }
  if (status === 503) return 'no healthy upstream';
  if (status >= 500) return 'at least 1 live replicas required, could only find 0 - unhealthy instances: ';
  return `fake-loki: injected ${status}`;
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://fake').pathname;
}

function isPush(req: IncomingMessage): boolean {
  return req.method === 'POST' && pathOf(req) === PUSH_PATH;
}

function answer(res: ServerResponse, { status, text }: Reply): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
