/**
 * The programs the local stack runs, found on PATH. Debian installs them under the package's name
 * (`prometheus-alertmanager`); upstream tarballs use the short name (`alertmanager`): either works.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const tools = {
  prometheus: { names: ['prometheus'], debianPackage: 'prometheus' },
  alertmanager: {
    names: ['prometheus-alertmanager', 'alertmanager'],
    debianPackage: 'prometheus-alertmanager',
  },
  pushgateway: { names: ['prometheus-pushgateway', 'pushgateway'], debianPackage: 'prometheus-pushgateway' },
  blackbox: {
    names: ['prometheus-blackbox-exporter', 'blackbox_exporter'],
    debianPackage: 'prometheus-blackbox-exporter',
  },
} as const;

export type Tool = keyof typeof tools;

export class MissingBinaryError extends Error {
  override name = 'MissingBinaryError';
  constructor(readonly missing: Tool[]) {
    const packages = missing.map((tool) => tools[tool].debianPackage);
    super(
      `the local stack needs ${missing.map((t) => tools[t].names.join(' or ')).join(', ')} on PATH: ` +
        `install the Debian package${packages.length > 1 ? 's' : ''} (sudo apt-get install ${packages.join(' ')})`,
    );
  }
}

function which(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The path of every tool, or one error naming every missing tool and its package. */
export function findBinaries(path = process.env.PATH ?? ''): Record<Tool, string> {
  const found: Partial<Record<Tool, string>> = {};
  const missing: Tool[] = [];
  for (const tool of Object.keys(tools) as Tool[]) {
    const binary = tools[tool].names.map((name) => which(name, path)).find(Boolean);
    if (binary) found[tool] = binary;
    else missing.push(tool);
  }
  if (missing.length > 0) throw new MissingBinaryError(missing);
  return found as Record<Tool, string>;
}
