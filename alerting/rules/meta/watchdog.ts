/** The dead man's switch: always firing, so its absence at the relay means the pipeline is broken. */
import { knownEnvs } from '../promql';
import type { RuleGroup } from '../types';

export const watchdog: RuleGroup = {
  name: 'clicky-meta-watchdog',
  rules: [
    {
      alert: 'Watchdog',
      // vector(1), once per environment this Prometheus scrapes, so the relay knows whose pipeline is
      // alive: vector(1) has no labels, and the rule file is the same for every environment.
      expr: knownEnvs,
      for: '0s',
      severity: 'none',
      cooldown: '1m',
      summary: 'The alerting pipeline is alive',
      description:
        'Always firing. Alertmanager sends it every minute to the relay (POST /alertmanager/watchdog), never to a ' +
        'person; the relay says so on Telegram when it stops arriving.',
    },
  ],
};
