/** Reading who was told: the relay's Telegram messages and Alertmanager's e-mails. */
import { fromMail, fromTelegram, PIPELINE_SILENT } from '../../../stack/chaos/notifications';

describe('fromTelegram', () => {
  it('finds every firing alert of a coalesced message, with or without its env tag, and skips the resolved ones', () => {
    const text = [
      '🔴 DatabaseDown: PostgreSQL is down',
      "The exporter's PostgreSQL check has failed for 1m.",
      '',
      '🟠 [staging] HighErrorRate: clicky-api is answering with 5xx errors · 3 alerts',
      '',
      '✅ RESOLVED ServiceDown: api-health health check is failing',
    ].join('\n');
    expect(fromTelegram(text, 5).map((n) => [n.channel, n.alert, n.at])).toEqual([
      ['telegram', 'DatabaseDown', 5],
      ['telegram', 'HighErrorRate', 5],
    ]);
  });

  it("reads the relay's own silence message as the relay-watchdog channel", () => {
    expect(fromTelegram('⚠️ Alerting pipeline silent since 13:02 WIB', 7)).toEqual([
      {
        channel: 'relay-watchdog',
        alert: PIPELINE_SILENT,
        at: 7,
        text: '⚠️ Alerting pipeline silent since 13:02 WIB',
      },
    ]);
  });
});

describe('fromMail', () => {
  it("takes the alert from Alertmanager's subject, firing only", () => {
    expect(fromMail('[FIRING:2] RelayDown (clicky-relay development)', 'body', 3)).toEqual([
      {
        channel: 'email',
        alert: 'RelayDown',
        at: 3,
        text: '[FIRING:2] RelayDown (clicky-relay development)\nbody',
      },
    ]);
    expect(fromMail('[RESOLVED] RelayDown', 'body', 3)).toEqual([]);
  });
});
