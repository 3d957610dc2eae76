/**
 * A small client for UptimeRobot's v2 API: every method is `POST <base>/<method>` with form fields,
 * `api_key` among them, answering `{"stat":"ok",...}` or, still with HTTP 200, `{"stat":"fail","error":{...}}`.
 * The key never appears in an error: UptimeRobot echoes a wrong key back in `error.passed_value`.
 */
import { describeFetchError } from '../../lib/http/fetch-error';

export const DEFAULT_API_URL = 'https://api.uptimerobot.com/v2';

/** UptimeRobot's monitor type 1: HTTP(s), up when the answer is 2xx/3xx. */
export const HTTP_MONITOR = 1;

export interface RemoteAlertContactRef {
  id: string;
  threshold: number;
  recurrence: number;
}

export interface RemoteMonitor {
  id: number;
  friendly_name: string;
  url: string;
  type: number;
  interval: number;
  status: number;
  alert_contacts?: RemoteAlertContactRef[];
}

export interface AlertContact {
  id: string;
  friendly_name: string;
  type: number;
  status: number;
}

export interface MonitorFields {
  friendly_name: string;
  url: string;
  interval: number;
  /** Alert contact ids; sent as UptimeRobot's `id_threshold_recurrence` list (0_0: the free plan's only option). */
  alertContactIds: string[];
}

export class UptimeRobotError extends Error {
  override name = 'UptimeRobotError';
}

interface ErrorBody {
  type?: string;
  parameter_name?: string;
  message?: string;
}

/** Longest Retry-After honoured before giving up (the free plan allows 10 requests a minute). */
const MAX_RETRY_AFTER_S = 60;

export class UptimeRobotClient {
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string = DEFAULT_API_URL,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Every monitor, all pages (UptimeRobot returns at most 50 per call). */
  async getMonitors(): Promise<RemoteMonitor[]> {
    const monitors: RemoteMonitor[] = [];
    for (let offset = 0; ; ) {
      const page = await this.call<{ monitors: RemoteMonitor[]; pagination?: { total: number } }>(
        'getMonitors',
        { alert_contacts: '1', offset: String(offset), limit: '50' },
      );
      monitors.push(...page.monitors);
      offset += page.monitors.length;
      if (page.monitors.length === 0 || offset >= (page.pagination?.total ?? offset)) return monitors;
    }
  }

  async getAlertContacts(): Promise<AlertContact[]> {
    return (await this.call<{ alert_contacts: AlertContact[] }>('getAlertContacts', {})).alert_contacts;
  }

  async newMonitor(fields: MonitorFields): Promise<number> {
    const body = { ...formFields(fields), type: String(HTTP_MONITOR) };
    return (await this.call<{ monitor: { id: number } }>('newMonitor', body)).monitor.id;
  }

  async editMonitor(id: number, fields: MonitorFields): Promise<void> {
    await this.call('editMonitor', { ...formFields(fields), id: String(id) });
  }

  private async call<T>(method: string, fields: Record<string, string>, retried = false): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
        body: new URLSearchParams({ ...fields, api_key: this.apiKey, format: 'json' }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new UptimeRobotError(`${method}: ${this.scrub(describeFetchError(err, this.baseUrl))}`);
    }
    if (response.status === 429 && !retried) {
      const wait = Number(response.headers.get('retry-after') ?? '');
      if (Number.isFinite(wait) && wait >= 0 && wait <= MAX_RETRY_AFTER_S) {
        await response.body?.cancel();
        await this.sleep(wait * 1000);
        return this.call(method, fields, true);
      }
    }
    const text = await response.text();
    if (!response.ok) throw new UptimeRobotError(`${method}: HTTP ${response.status}`);
    let body: { stat?: string; error?: ErrorBody };
    try {
      body = JSON.parse(text);
    } catch {
      throw new UptimeRobotError(`${method}: the answer is not JSON`);
    }
    if (body.stat !== 'ok') throw new UptimeRobotError(`${method}: ${this.describe(body.error)}`);
    return body as T;
  }

  /** `type (parameter): message`, never `passed_value`. */
  private describe(error: ErrorBody | undefined): string {
    if (!error) return 'failed without an error';
    const parameter = error.parameter_name ? ` (${error.parameter_name})` : '';
    const message = error.message ? `: ${error.message}` : '';
    return this.scrub(`${error.type ?? 'error'}${parameter}${message}`);
  }

  private scrub(text: string): string {
    return this.apiKey ? text.split(this.apiKey).join('[REDACTED]') : text;
  }
}

function formFields(fields: MonitorFields): Record<string, string> {
  return {
    friendly_name: fields.friendly_name,
    url: fields.url,
    interval: String(fields.interval),
    alert_contacts: fields.alertContactIds.map((id) => `${id}_0_0`).join('-'),
  };
}
