/**
 * What `uptime:sync` would change: each declared monitor matched to an UptimeRobot monitor (by friendly
 * name, else by URL) and compared field by field. Monitors that are not declared are reported, never
 * deleted: the account may hold monitors that are not this repository's.
 */
import type { AlertChannel, UptimeMonitor } from '../monitors';
import { type AlertContact, HTTP_MONITOR, type MonitorFields, type RemoteMonitor } from './api';

/** The UptimeRobot alert contact (by friendly name, set up once in its web app) behind each channel. */
export const contactNames: Record<AlertChannel, string> = {
  telegram: 'Telegram',
  email: 'Email',
};

export interface Change {
  field: string;
  from: string;
  to: string;
}

export type Action =
  | { kind: 'create'; monitor: UptimeMonitor; fields: MonitorFields }
  | { kind: 'update'; monitor: UptimeMonitor; id: number; fields: MonitorFields; changes: Change[] }
  | { kind: 'unchanged'; monitor: UptimeMonitor; id: number }
  /** Same name or URL but another monitor type, which the API cannot edit: left for a person. */
  | { kind: 'conflict'; monitor: UptimeMonitor; id: number; reason: string };

export interface Plan {
  actions: Action[];
  unmanaged: RemoteMonitor[];
}

export class PlanError extends Error {
  override name = 'PlanError';
}

export function plan(
  declared: readonly UptimeMonitor[],
  remote: readonly RemoteMonitor[],
  contacts: readonly AlertContact[],
): Plan {
  const contactId = contactResolver(contacts);
  const claimed = new Set<number>();
  const actions = declared.map((monitor): Action => {
    const fields: MonitorFields = {
      friendly_name: monitor.friendlyName,
      url: monitor.url,
      interval: monitor.intervalSeconds,
      alertContactIds: monitor.alertChannels.map(contactId).sort(),
    };
    const match =
      remote.find((r) => !claimed.has(r.id) && r.friendly_name === monitor.friendlyName) ??
      remote.find((r) => !claimed.has(r.id) && r.url === monitor.url);
    if (!match) return { kind: 'create', monitor, fields };
    claimed.add(match.id);
    if (match.type !== HTTP_MONITOR) {
      return { kind: 'conflict', monitor, id: match.id, reason: `its type is ${match.type}, not HTTP(s)` };
    }
    const changes = diff(match, fields);
    return changes.length === 0
      ? { kind: 'unchanged', monitor, id: match.id }
      : { kind: 'update', monitor, id: match.id, fields, changes };
  });
  return { actions, unmanaged: remote.filter((r) => !claimed.has(r.id)) };
}

function contactResolver(contacts: readonly AlertContact[]): (channel: AlertChannel) => string {
  return (channel) => {
    const name = contactNames[channel];
    const found = contacts.filter((c) => c.friendly_name === name);
    if (found.length !== 1 || !found[0]) {
      const problem = found.length === 0 ? 'no alert contact' : `${found.length} alert contacts`;
      throw new PlanError(
        `UptimeRobot has ${problem} named "${name}" (the ${channel} channel): keep exactly one in its Integrations page`,
      );
    }
    return found[0].id;
  };
}

function diff(remote: RemoteMonitor, fields: MonitorFields): Change[] {
  const contacts = (ids: readonly string[]) => [...ids].sort().join(',') || '(none)';
  const pairs: [string, string, string][] = [
    ['friendly_name', remote.friendly_name, fields.friendly_name],
    ['url', remote.url, fields.url],
    ['interval', String(remote.interval), String(fields.interval)],
    [
      'alert_contacts',
      contacts((remote.alert_contacts ?? []).map((c) => c.id)),
      contacts(fields.alertContactIds),
    ],
  ];
  return pairs.filter(([, from, to]) => from !== to).map(([field, from, to]) => ({ field, from, to }));
}
