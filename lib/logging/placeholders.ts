/**
 * What redaction writes in place of what it removes. In a module of their own, importing nothing,
 * so that every redaction module can use them without an import cycle; redact.ts re-exports them.
 */
export const REDACTED = '[REDACTED]';
export const REDACTED_EMAIL = '[REDACTED_EMAIL]';
