/**
 * `npm run uptime:sync [-- --apply]`: makes UptimeRobot's monitors match uptime/monitors.ts.
 * A dry run by default (prints the plan, changes nothing); `--apply` creates and edits. Never deletes.
 * The API key comes from UPTIMEROBOT_API_KEY and is never printed.
 */
import { exitOnHelp } from '../lib/cli/help';
import { allMonitors, type UptimeMonitor } from './monitors';
import { DEFAULT_API_URL, UptimeRobotClient, UptimeRobotError } from './uptimerobot/api';
import { type Action, PlanError, plan } from './uptimerobot/plan';

const EX_CONFIG = 78;

export interface SyncOptions {
  apply: boolean;
  env: Record<string, string | undefined>;
  monitors?: readonly UptimeMonitor[];
  print?: (line: string) => void;
  /** Injected in tests: how to wait out a 429's Retry-After. */
  sleep?: (ms: number) => Promise<void>;
}

/** Returns the exit code. */
export async function runSync(options: SyncOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const apiKey = options.env.UPTIMEROBOT_API_KEY;
  if (!apiKey) {
    print('uptime: UPTIMEROBOT_API_KEY is not set (UptimeRobot: Integrations & API > Main API key)');
    return EX_CONFIG;
  }
  const client = new UptimeRobotClient(
    apiKey,
    options.env.UPTIMEROBOT_API_URL || DEFAULT_API_URL,
    options.sleep,
  );
  try {
    const contacts = await client.getAlertContacts();
    const remote = await client.getMonitors();
    const { actions, unmanaged } = plan(options.monitors ?? allMonitors, remote, contacts);
    print(
      options.apply ? 'uptime: applying' : 'uptime: dry run, nothing is changed (pass --apply to change)',
    );
    for (const action of actions) {
      print(describe(action));
      if (!options.apply) continue;
      if (action.kind === 'create') print(`  created, id ${await client.newMonitor(action.fields)}`);
      if (action.kind === 'update') {
        await client.editMonitor(action.id, action.fields);
        print('  updated');
      }
    }
    for (const r of unmanaged)
      print(`unmanaged ${r.friendly_name} (id ${r.id}, ${r.url}): not declared, left alone`);
    return actions.some((a) => a.kind === 'conflict') ? 1 : 0;
  } catch (err) {
    if (err instanceof UptimeRobotError || err instanceof PlanError) {
      print(`uptime: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

function describe(action: Action): string {
  const { friendlyName, url, intervalSeconds, alertChannels } = action.monitor;
  switch (action.kind) {
    case 'create':
      return `create    ${friendlyName}: ${url}, every ${intervalSeconds}s, alerts ${alertChannels.join(' + ')}`;
    case 'update':
      return `update    ${friendlyName} (id ${action.id}): ${action.changes.map((c) => `${c.field} ${c.from} -> ${c.to}`).join('; ')}`;
    case 'unchanged':
      return `unchanged ${friendlyName} (id ${action.id})`;
    case 'conflict':
      return `conflict  ${friendlyName} (id ${action.id}): ${action.reason}; delete it in UptimeRobot, then sync again`;
  }
}

if (require.main === module) {
  exitOnHelp({
    usage: 'npm run uptime:sync [-- --apply]',
    summary:
      "Makes UptimeRobot's monitors match uptime/monitors.ts. A dry run by default: prints the plan, " +
      'changes nothing. Never deletes.',
    options: [['--apply', 'create and edit monitors']],
    environment: [
      ['UPTIMEROBOT_API_KEY', 'the main API key (required; never printed)'],
      ['UPTIMEROBOT_API_URL', 'the API (default https://api.uptimerobot.com/v2)'],
    ],
    seeAlso: 'uptime/README.md',
  });
  runSync({ apply: process.argv.includes('--apply'), env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // Unexpected errors carry no request data, so no key; still, print the message only.
      console.error(`uptime: ${(err as Error).message}`);
      process.exitCode = 1;
    },
  );
}
