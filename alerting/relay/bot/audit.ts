/**
 * Every press and command that acts, as one audit log line (who, what, matchers, silence id, result)
 * and relay_bot_actions_total{action,result}. Refusals are audited too: a forged button or a
 * stranger pressing is what an audit is for. Label values are bounded (the action and result enums).
 */
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../../lib/logging/logger';

export type AuditAction = 'silence' | 'ack' | 'unsilence' | 'expire' | 'unknown';
export type AuditResult = 'ok' | 'refused' | 'forged' | 'expired' | 'failed' | 'stale';

export interface AuditEvent {
  action: AuditAction;
  result: AuditResult;
  user?: { id: number; username?: string };
  matchers?: Record<string, string>;
  silenceId?: string;
  reason?: string;
}

export type Audit = (event: AuditEvent) => void;

export function botAudit(logger: Logger, registry: Registry): Audit {
  const actions = new Counter({
    name: 'relay_bot_actions_total',
    help: 'Bot button presses by action and result (ok, refused, forged, expired, failed, stale).',
    labelNames: ['action', 'result'] as const,
    registers: [registry],
  });
  return (event) => {
    actions.inc({ action: event.action, result: event.result });
    const fields = {
      audit: true,
      action: event.action,
      result: event.result,
      user_id: event.user?.id,
      username: event.user?.username,
      matchers: event.matchers,
      silence_id: event.silenceId,
      reason: event.reason,
    };
    if (event.result === 'ok') logger.info(fields, 'Bot action');
    else logger.warning(fields, 'Bot action not done');
  };
}
