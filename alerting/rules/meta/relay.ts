/** The Telegram relay, from its scrape and its own metrics (alerting/relay/metrics.ts). */
import { jobs, relaySelf as m, scrapeUp } from '../metrics';
import { ENV, missingPerEnv, selector, withLabel } from '../promql';
import { thresholds } from '../thresholds';
import type { RuleGroup } from '../types';

const t = thresholds.meta.relay;
const own = (metric: string) => selector(metric, { job: jobs.relay });
const perRelay = `${ENV}, job, instance`;
const total = (metric: string, window: string) =>
  `sum by (${perRelay}) (increase(${own(metric)}[${window}]))`;

/** Telegram errs, or alerts wait, and nothing was delivered all the while. */
const stuck =
  `(\n  ${total(m.telegramErrors, t.window)} > 0\n  or\n  min_over_time(${own(m.queueDepth)}[${t.window}]) > 0\n)\n` +
  `unless on (${perRelay})\n${total(m.delivered, t.window)} > 0`;

/** Alerts Telegram refused as HTML and as text: lost. */
const dropped = `${total(m.dropped, t.droppedWindow)} > 0`;

export const relay: RuleGroup = {
  name: 'clicky-meta-relay',
  rules: [
    {
      alert: 'RelayDown',
      // Down, or not scraped at all in an environment (a relay missing from the config is down too).
      expr: `${selector(scrapeUp, { job: jobs.relay })} == 0\nor\n${missingPerEnv(selector(scrapeUp, { job: jobs.relay }), { job: jobs.relay })}`,
      for: t.downFor,
      severity: 'critical',
      cooldown: '1h',
      summary: 'The Telegram relay is down',
      description:
        `Prometheus has not scraped the Telegram relay (job {{ $labels.job }}) for ${t.downFor}: critical and error ` +
        'alerts reach nobody by Telegram. This one is mailed; Alertmanager keeps retrying the relay.',
    },
    {
      alert: 'RelayDeliveryFailing',
      expr: `${withLabel(stuck, 'problem', 'stuck')}\nor\n${withLabel(dropped, 'problem', 'dropped')}`,
      for: t.failingFor,
      severity: 'critical',
      cooldown: '1h',
      summary: 'The Telegram relay cannot deliver ({{ $labels.problem }})',
      description:
        `The relay ({{ $labels.instance }}) has delivered nothing to Telegram for ${t.window} while Telegram errs or alerts ` +
        `wait (problem "stuck"), or has dropped alerts Telegram refused in the last ${t.droppedWindow} (problem "dropped"). ` +
        'Its log and relay_telegram_errors_total{code} say why.',
    },
  ],
};
