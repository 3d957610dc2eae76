/**
 * A local stand-in for UptimeRobot's v2 API (https://uptimerobot.com/api/), enough for uptime:sync:
 * POST /v2/{getMonitors,getAlertContacts,newMonitor,editMonitor} with form fields, answering like the
 * real one: HTTP 200 with `{"stat":"fail","error":{...}}` for a bad request (a wrong key is echoed in
 * `passed_value`, as UptimeRobot does), 429 with Retry-After past the rate limit, 50 monitors a page.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeMonitor {
  id: number;
  friendly_name: string;
  url: string;
  type: number;
  interval: number;
  status: number;
  alert_contacts: { id: string; value: string; type: number; threshold: number; recurrence: number }[];
}

export interface FakeContact {
  id: string;
  friendly_name: string;
  type: number;
  status: number;
  value: string;
}

export interface FakeUptimeRobot {
  /** Base URL, like https://api.uptimerobot.com/v2 */
  url: string;
  apiKey: string;
  monitors: FakeMonitor[];
  contacts: FakeContact[];
  /** Every call: method and form fields (api_key included, to check what was sent). */
  calls: { method: string; fields: Record<string, string> }[];
  /** Requests allowed per window before 429 (UptimeRobot's free plan: 10 a minute). */
  setRateLimit(requests: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
const fail = (error: Body): Body => ({ stat: 'fail', error });
const missing = (name: string) =>
  fail({ type: 'missing_parameter', parameter_name: name, message: `${name} parameter is missing.` });
const invalid = (name: string, value: string, message: string) =>
  fail({ type: 'invalid_parameter', parameter_name: name, passed_value: value, message });

/** The free plan's shortest interval. */
const MIN_INTERVAL = 300;
const PAGE_MAX = 50;

export async function startFakeUptimeRobot(
  apiKey = 'u1234567-0123456789abcdef01234567',
): Promise<FakeUptimeRobot> {
  const state: FakeUptimeRobot = {
    url: '',
    apiKey,
    monitors: [],
    contacts: [
      { id: '2001', friendly_name: 'Email', type: 2, status: 2, value: 'ops@clicky.or.id' },
      { id: '2002', friendly_name: 'Telegram', type: 18, status: 2, value: 'clicky-ops' },
    ],
    calls: [],
    setRateLimit: (requests, retryAfter) => {
      limit = { requests, retryAfter, used: 0 };
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
  let limit: { requests: number; retryAfter: number; used: number } | undefined;
  let nextId = 800_000_001;

  const methods: Record<string, (f: Record<string, string>) => Body> = {
    getAlertContacts: () => ({
      stat: 'ok',
      offset: 0,
      limit: PAGE_MAX,
      total: state.contacts.length,
      alert_contacts: state.contacts,
    }),
    getMonitors: (f) => {
      const offset = Number(f.offset ?? 0);
      const size = Math.min(Number(f.limit ?? PAGE_MAX), PAGE_MAX);
      const page = state.monitors
        .slice(offset, offset + size)
        .map(({ alert_contacts, ...m }) => (f.alert_contacts === '1' ? { ...m, alert_contacts } : m));
      return {
        stat: 'ok',
        pagination: { offset, limit: size, total: state.monitors.length },
        monitors: page,
      };
    },
    newMonitor: (f) => {
      for (const name of ['friendly_name', 'url', 'type']) if (!f[name]) return missing(name);
      const checked = checkFields(f);
      if (!checked.ok) return checked.answer;
      if (state.monitors.some((m) => m.url === f.url && m.type === Number(f.type))) {
        return fail({ type: 'already_exists', message: 'monitor already exists.' });
      }
      const monitor: FakeMonitor = {
        id: nextId++,
        friendly_name: f.friendly_name ?? '',
        url: f.url ?? '',
        type: Number(f.type),
        interval: checked.interval ?? MIN_INTERVAL,
        status: 1,
        alert_contacts: checked.contacts ?? [],
      };
      state.monitors.push(monitor);
      return { stat: 'ok', monitor: { id: monitor.id, status: monitor.status } };
    },
    editMonitor: (f) => {
      if (!f.id) return missing('id');
      const monitor = state.monitors.find((m) => String(m.id) === f.id);
      if (!monitor) return fail({ type: 'not_found', message: 'monitor not found.' });
      if (f.type !== undefined) return invalid('type', f.type, 'type can not be edited.');
      const checked = checkFields(f);
      if (!checked.ok) return checked.answer;
      if (f.friendly_name !== undefined) monitor.friendly_name = f.friendly_name;
      if (f.url !== undefined) monitor.url = f.url;
      if (checked.interval !== undefined) monitor.interval = checked.interval;
      if (checked.contacts !== undefined) monitor.alert_contacts = checked.contacts;
      return { stat: 'ok', monitor: { id: monitor.id } };
    },
  };

  type Checked =
    | { ok: false; answer: Body }
    | { ok: true; interval?: number; contacts?: FakeMonitor['alert_contacts'] };

  function checkFields(f: Record<string, string>): Checked {
    let interval: number | undefined;
    if (f.interval !== undefined) {
      interval = Number(f.interval);
      if (!Number.isInteger(interval) || interval < MIN_INTERVAL) {
        const message = `interval must be at least ${MIN_INTERVAL} seconds on this plan.`;
        return { ok: false, answer: invalid('interval', f.interval, message) };
      }
    }
    let contacts: FakeMonitor['alert_contacts'] | undefined;
    if (f.alert_contacts !== undefined) {
      contacts = [];
      for (const item of f.alert_contacts.split('-').filter(Boolean)) {
        const [id, threshold, recurrence] = item.split('_');
        const contact = state.contacts.find((c) => c.id === id);
        if (!contact) {
          return {
            ok: false,
            answer: invalid('alert_contacts', f.alert_contacts, 'alert contact not found.'),
          };
        }
        contacts.push({
          id: contact.id,
          value: contact.value,
          type: contact.type,
          threshold: Number(threshold ?? 0),
          recurrence: Number(recurrence ?? 0),
        });
      }
    }
    return { ok: true, interval, contacts };
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = url.pathname.replace(/^\/v2\//, '');
    const raw = await readBody(req);
    const fields = Object.fromEntries(new URLSearchParams(raw));
    // The key may come as a query parameter for getMonitors only.
    if (method === 'getMonitors' && !fields.api_key && url.searchParams.get('api_key')) {
      fields.api_key = url.searchParams.get('api_key') ?? '';
    }
    state.calls.push({ method, fields });
    if (limit && ++limit.used > limit.requests) {
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(limit.retryAfter),
        'x-ratelimit-limit': String(limit.requests),
        'x-ratelimit-remaining': '0',
      });
      limit.used = 0; // the next window starts after Retry-After
      res.end(JSON.stringify(fail({ type: 'rate_limit', message: 'Too Many Requests' })));
      return;
    }
    const handler = methods[method];
    if (req.method !== 'POST' || !handler) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      return;
    }
    const body = !fields.api_key
      ? missing('api_key')
      : fields.api_key !== state.apiKey
        ? invalid('api_key', fields.api_key, 'api_key is invalid.')
        : handler(fields);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v2`;
  return state;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
