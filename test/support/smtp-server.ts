/**
 * An in-process SMTP server (the `smtp-server` package) that requires AUTH and keeps what it
 * receives, parsed enough to assert on: envelope, headers, and the text and HTML parts decoded.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The user that authenticated. */
  user: string;
  /** Header names in lower case, folded lines unfolded, encoded words decoded. */
  headers: Record<string, string>;
  text?: string;
  html?: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Makes the next `count` messages fail with a 451 (temporary failure) after DATA. */
  failNext(count: number): void;
  stop(): Promise<void>;
}

export async function startSmtpServer(
  credentials: { user: string; password: string },
  options: SMTPServerOptions = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    // Plain connections may authenticate: the tests run SMTP_SECURE=none on 127.0.0.1.
    allowInsecureAuth: true,
    logger: false,
    ...options,
    onAuth(auth, _session, callback) {
      const ok = auth.username === credentials.user && auth.password === credentials.password;
      callback(
        ok ? null : new Error('Invalid username or password'),
        ok ? { user: auth.username } : undefined,
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        const mail = parseMessage(Buffer.concat(chunks).toString('latin1'));
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          user: String(session.user),
          ...mail,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    failNext: (count) => {
      failures = count;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Part {
  headers: Record<string, string>;
  text?: string;
  html?: string;
}

function parseMessage(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (boundary) {
    const parts = body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => parseMessage(p.replace(/^\r\n/, '').replace(/\r\n$/, ''))); // CRLFs around a boundary belong to it
    return { headers, text: parts.find((p) => p.text)?.text, html: parts.find((p) => p.html)?.html };
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding'] ?? '7bit');
  return type.startsWith('text/html') ? { headers, html: decoded } : { headers, text: decoded };
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body, 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
  }
  return Buffer.from(body, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=), as long subjects are written. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (__, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
