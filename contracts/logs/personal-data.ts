/**
 * Personal data and secrets in a parsed log line, found with the logger's own redaction rules
 * (lib/logging/redact*.ts) rather than a copy of them: a value the logger would have changed is one
 * the line must not carry. So the Python side is held to exactly what our logger writes.
 *
 * Findings never quote the offending value: they show it as the logger would have written it.
 */
import { REDACTED, redactString } from '../../lib/logging/redact';
import { keyRule, maskEmail, secretValue } from '../../lib/logging/redact-keys';

/** Deeper values are not walked: the logger truncates at a similar depth. */
const MAX_DEPTH = 10;
/** The redacted value is cut to this length in a finding. */
const SHOWN = 80;

/** Each finding as "<field path>: <why>". `debug`: bodies are allowed (spec: DEBUG only). */
export function personalData(line: Record<string, unknown>, debug: boolean): string[] {
  const findings: string[] = [];
  walk(line, '', 0, debug, findings);
  return findings;
}

function walk(value: unknown, path: string, depth: number, debug: boolean, findings: string[]): void {
  if (typeof value === 'string') {
    const redacted = redactString(value);
    if (redacted !== value)
      findings.push(`${path || '(value)'}: holds personal data or a secret (redacted: ${show(redacted)})`);
    return;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return;
  const entries = Array.isArray(value)
    ? value.map((item, i) => [String(i), item] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = path ? `${path}.${key}` : key;
    if (!Array.isArray(value)) {
      if (redactString(key) !== key) {
        findings.push(
          `${path || '(line)'}: a key holds personal data or a secret (redacted: ${show(redactString(key))})`,
        );
      }
      const rule = keyRule(key);
      if (rule === 'secret' && secretValue(child) !== child) {
        findings.push(
          `${childPath}: a secret or personal field with a value (the logger writes "${REDACTED}")`,
        );
        continue;
      }
      if (rule === 'masked-email' && maskEmail(child) !== child) {
        findings.push(`${childPath}: not masked (the logger writes ${show(String(maskEmail(child)))})`);
        continue;
      }
      if (rule === 'body' && !debug) {
        findings.push(`${childPath}: a request or response body outside DEBUG`);
        continue;
      }
    }
    walk(child, childPath, depth + 1, debug, findings);
  }
}

function show(text: string): string {
  return JSON.stringify(text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);
}
