/** Sends the summary through an SMTP relay (nodemailer), one connection per message. */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailContent } from './message';

/**
 * How the connection is protected:
 * - `starttls`: plain connect, then STARTTLS, required (fails if the server does not offer it); port 587.
 * - `tls`: TLS from the first byte (implicit TLS); port 465.
 * - `none`: no TLS at all; only for a relay on the same host or a private network.
 */
export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Both or neither: AUTH with these credentials. */
  user?: string;
  password?: string;
  /** Bounds connecting, the greeting and each later wait on the socket. */
  timeoutMs: number;
}

export interface Envelope {
  from: string;
  to: readonly string[];
}

export interface Sent {
  messageId: string;
  /** Recipients the relay refused while accepting the others (all refused: send rejects). */
  rejected: number;
}

export interface Mailer {
  /** Rejects when the relay cannot be reached or refuses the message or every recipient. */
  send(envelope: Envelope, content: MailContent): Promise<Sent>;
}

export function transportOptions(smtp: SmtpSettings): SMTPTransport.Options {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  };
}

export function createMailer(smtp: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(transportOptions(smtp));
  return {
    async send(envelope, content) {
      const info = await transport.sendMail({ from: envelope.from, to: [...envelope.to], ...content });
      return { messageId: info.messageId, rejected: info.rejected.length };
    },
  };
}
