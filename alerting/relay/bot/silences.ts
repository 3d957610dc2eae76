/**
 * The bot's client of Alertmanager's API v2 (api/v2/openapi.yaml): create a silence from a button
 * press, expire one from Unsilence, list the active ones for /silences, and the alerts firing now
 * (neither silenced nor inhibited) for /alerts.
 *
 * Each call is one request with a timeout and no retry: a silence POST retried after a lost answer
 * could create two silences, and the person pressing is there to press again. Every failure becomes
 * a SilenceError whose `userMessage` is fit for the chat ("Alertmanager is unreachable, nothing was
 * silenced"), so nothing is half-done and the user always hears why. The URL (which may carry
 * credentials) and the basic auth never reach an error message: only the host does.
 */
import { describeFetchError } from '../../../lib/http/fetch-error';

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

/** An alert as GET /api/v2/alerts gives it (the fields /alerts shows). */
export interface FiringAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  fingerprint: string;
}

export interface Presser {
  id: number;
  username?: string;
  firstName?: string;
}

export class SilenceError extends Error {
  constructor(
    message: string,
    /** What the chat is told. */
    readonly userMessage: string,
  ) {
    super(message);
    this.name = 'SilenceError';
  }
}

export interface SilencesOptions {
  url: string;
  basicAuth?: { username: string; password: string };
  timeoutMs?: number;
  now?: () => number;
}

/** Equality matchers on exactly these labels: an alert's label set is its identity. */
export function matchersFor(labels: Record<string, string>): Matcher[] {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

/** `createdBy`: who pressed, by username when there is one, always with the numeric id. */
export function createdBy(user: Presser): string {
  const name = user.username ? `@${user.username}` : (user.firstName ?? 'user');
  return `${name} (telegram:${user.id})`;
}

export class SilencesClient {
  private readonly base: string;
  private readonly authorization?: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: SilencesOptions) {
    // fetch() refuses a URL with user:password@, so credentials there become basic auth.
    const url = new URL(options.url);
    const fromUrl = url.username
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
    url.username = '';
    url.password = '';
    this.base = url.toString().replace(/\/+$/, '');
    const basicAuth = options.basicAuth ?? fromUrl;
    if (basicAuth) {
      const { username, password } = basicAuth;
      this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** Creates a silence from now for `durationMs`; its id. */
  async create(input: {
    matchers: Matcher[];
    durationMs: number;
    by: Presser;
    note?: string;
  }): Promise<string> {
    if (input.matchers.length === 0) throw new Error('a silence needs at least one matcher');
    const start = this.now();
    const body = {
      matchers: input.matchers,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + input.durationMs).toISOString(),
      createdBy: createdBy(input.by),
      comment: `Silenced from Telegram by ${createdBy(input.by)}${input.note ? `: ${input.note}` : ''}`,
    };
    const answer = (await this.call('POST', '/api/v2/silences', 'nothing was silenced', body)) as {
      silenceID?: unknown;
    };
    if (typeof answer?.silenceID !== 'string')
      throw new SilenceError(
        'Alertmanager answered without a silence id',
        'Alertmanager gave an odd answer; check its silences.',
      );
    return answer.silenceID;
  }

  /**
   * Expires a silence. An already expired one counts as done (two people pressing Unsilence both
   * get what they wanted); an unknown one is an error.
   */
  async expire(id: string): Promise<void> {
    try {
      await this.call('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`, 'the silence is unchanged');
    } catch (err) {
      if (err instanceof SilenceError && /already expired/i.test(err.message)) return;
      throw err;
    }
  }

  async get(id: string): Promise<Silence> {
    return (await this.call(
      'GET',
      `/api/v2/silence/${encodeURIComponent(id)}`,
      'nothing was read',
    )) as Silence;
  }

  /** The active silences, soonest to end first. */
  async listActive(): Promise<Silence[]> {
    const all = (await this.call('GET', '/api/v2/silences', 'nothing was read')) as Silence[];
    return all
      .filter((s) => s.status?.state === 'active')
      .sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt));
  }

  /**
   * What Alertmanager would notify about now: active, not silenced, not inhibited (what the chat
   * was last told, minus what someone already acted on), oldest first.
   */
  async firingAlerts(): Promise<FiringAlert[]> {
    const alerts = (await this.call(
      'GET',
      '/api/v2/alerts?active=true&silenced=false&inhibited=false',
      'nothing was read',
    )) as FiringAlert[];
    return (alerts ?? []).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  }

  private async call(method: string, path: string, consequence: string, body?: unknown): Promise<unknown> {
    const url = `${this.base}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.authorization) headers.authorization = this.authorization;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SilenceError(
        `Alertmanager ${method} ${path.split('/').slice(0, 4).join('/')}: ${describeFetchError(err, url)}`,
        `Alertmanager is unreachable; ${consequence}. Try again in a minute.`,
      );
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      // Alertmanager's errors are a JSON string or plain text: short, and about the request.
      const reason = text.replace(/^"|"\s*$/g, '').slice(0, 200);
      const who = response.status === 401 || response.status === 403 ? 'refused the relay' : 'answered';
      throw new SilenceError(
        `Alertmanager ${method} ${path}: HTTP ${response.status} ${reason}`,
        // 0.25 answers an unknown id with 500 "silence not found"; later versions with 404.
        response.status === 404 || /not found/i.test(reason)
          ? `Alertmanager does not know that silence; ${consequence}.`
          : `Alertmanager ${who} HTTP ${response.status}; ${consequence}.`,
      );
    }
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new SilenceError(
        `Alertmanager ${method} ${path}: not JSON`,
        `Alertmanager gave an odd answer; ${consequence}.`,
      );
    }
  }
}
