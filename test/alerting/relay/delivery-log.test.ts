import { deliveryLog } from '../../../alerting/relay/delivery-log';
import { testAlert } from '../../support/alertmanager-payload';
import { capturedLogger } from '../../support/captured-logger';

describe('delivery log', () => {
  it('logs each Telegram call as the spec’s external API call, and failures by who must act', () => {
    const { logger, records } = capturedLogger({ level: 'info' });
    const log = deliveryLog(logger);
    log.call({ kind: 'sent', status: 200 }, 12.4);
    log.call({ kind: 'retry', reason: 'connection refused' }, 3);
    log.failed({ kind: 'retry', status: 502, reason: 'HTTP 502' }, 2, 4000);
    log.failed(
      { kind: 'refused', status: 403, reason: 'Forbidden: bot was kicked from the group chat' },
      3,
      60_000,
    );
    log.dropped({ kind: 'rejected', status: 400, reason: 'Bad Request: message is too long' }, [
      { id: 1, alert: testAlert(), acceptedAt: 0 },
    ]);
    expect(records().map((r) => [r.level, r.logger, r.message, r.status ?? r.code])).toEqual([
      ['INFO', 'relay.delivery', 'Telegram API call', 200],
      ['INFO', 'relay.delivery', 'Telegram API call', 0],
      ['WARNING', 'relay.delivery', 'Telegram sendMessage failed, will retry', '502'],
      ['ERROR', 'relay.delivery', 'Telegram refused the chat or the bot token', '403'],
      ['CRITICAL', 'relay.delivery', 'Telegram refused alerts even as plain text; they are dropped', '400'],
    ]);
    expect(records()[0]).toMatchObject({ service: 'telegram', endpoint: 'sendMessage', duration_ms: 12 });
    expect(records()[2]).toMatchObject({ attempt: 2, retry_in_ms: 4000 });
  });
});
