/** Runs promtool / amtool (Debian's prometheus and prometheus-alertmanager packages) from the repository root. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const root = resolve(__dirname, '../..');

export interface ToolResult {
  status: number | null;
  /** stdout and stderr together, for failure messages. */
  output: string;
  stdout: string;
}

export function runTool(command: string, args: string[]): ToolResult {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}
