/**
 * The claims store as the relay uses it (RELAY_HA_CLAIMS_DIR): swept every 10 minutes on a timer that
 * never keeps the process alive; a failed sweep is logged, never fatal (claims still work).
 */
import type { Logger } from '../../../lib/logging/logger';
import { type ClaimStore, claimStore } from './claims';

const SWEEP_EVERY_MS = 10 * 60_000;

export function haClaims(dir: string, log: Logger): ClaimStore {
  const store = claimStore(dir);
  log.info({ dir }, 'HA pair: alerts are claimed in the shared directory before they are spooled');
  setInterval(() => {
    try {
      store.sweep();
    } catch (err) {
      log.warning({ err }, 'Could not sweep the HA claims directory');
    }
  }, SWEEP_EVERY_MS).unref();
  return store;
}
