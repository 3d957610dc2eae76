import { jobs, relaySelf } from '../../rules/metrics';
import { selector } from '../../rules/promql';
import type { SloDefinition } from '../types';

const relay = relaySelf;

export const alertDelivery: SloDefinition = {
  id: 'alert-delivery',
  name: 'AlertDelivery',
  title: 'Alert delivery',
  service: jobs.relay,
  sli: {
    kind: 'events',
    total: selector(relay.received, { job: jobs.relay }),
    // A repeat within its cooldown is handled by not sending it: good, as a delivery is.
    good: [selector(relay.delivered, { job: jobs.relay }), selector(relay.deduplicated, { job: jobs.relay })],
  },
  objective: 0.999,
  window: '30d',
  description:
    'alerts the relay delivered to Telegram (or rightly held back as repeats), among the alerts it accepted.',
};
