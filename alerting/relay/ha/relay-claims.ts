/**
 * The claims store as the relay uses it (RELAY_HA_CLAIMS_DIR): swept every 10 minutes on a timer that
 * never keeps the process alive; a failed sweep is logged, never fatal (claims still work).
 *
 * A claim that cannot be made (the shared directory unwritable, full, or its NFS mount gone) is logged
 * and counts as won: both relays may then send the alert, a duplicate, rather than neither. Thrown out
 * of the intake instead, it would fail the post after the alerts before it were recorded and claimed,
 * and Alertmanager's retry would find them all duplicates on both relays: lost.
 */
import type { Logger } from '../../../lib/logging/logger';
import { type ClaimStore, claimStore } from './claims';

const SWEEP_EVERY_MS = 10 * 60_000;

/** `identity`: this relay's, as identity.ts keeps it. */
export function haClaims(dir: string, identity: string, log: Logger): ClaimStore {
  const store = claimStore(dir, identity);
  log.info({ dir, identity }, 'HA pair: alerts are claimed in the shared directory before they are spooled');
  setInterval(() => {
    store.sweep().catch((err) => log.warning({ err }, 'Could not sweep the HA claims directory'));
  }, SWEEP_EVERY_MS).unref();
  return {
    ...store,
    claim(fingerprint, status, until, now) {
      try {
        return store.claim(fingerprint, status, until, now);
      } catch (err) {
        log.error(
          { err, fingerprint },
          'Could not claim an alert in the HA claims directory: sending it anyway',
        );
        return true;
      }
    },
    release(fingerprint, status) {
      try {
        store.release(fingerprint, status);
      } catch (err) {
        // The claim holds until its time: the alert waits for Alertmanager's repeat after the cooldown.
        log.error({ err, fingerprint }, 'Could not give an HA claim back');
      }
    },
  };
}
