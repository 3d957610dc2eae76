/** An alert the relay has accepted (answered 2xx for) and owes Telegram. */
import type { RelayAlert } from './webhook';

export interface QueuedAlert {
  /** Unique among the alerts a spool holds (`done` records name it); increasing within a run. */
  id: number;
  alert: RelayAlert;
  /** Epoch ms when the relay accepted it: relay_delivery_seconds counts from here. */
  acceptedAt: number;
}
