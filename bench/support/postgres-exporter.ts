/**
 * prometheus-postgres-exporter (the Debian package, 0.11.x) as the peer of bench/metrics.ts: our
 * built-in catalogue translated to its custom-queries YAML (--extend.query-path), so both exporters
 * run the very same SQL, and the process itself, started on a free port.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { stringify } from 'yaml';
import type { BusinessQuery } from '../../exporter/src/business/query';

export const POSTGRES_EXPORTER_BIN =
  process.env.BENCH_POSTGRES_EXPORTER ?? '/usr/bin/prometheus-postgres-exporter';

/** Its namespace for one of our queries; its series are `<namespace>_<column>`. */
export const namespaceOf = (query: BusinessQuery) => `clicky_${query.name}`;

/**
 * The queries as postgres_exporter custom queries: the SQL verbatim, our label columns as LABEL,
 * our value columns as GAUGE, each namespace cached for `cacheSeconds` (its equivalent of our
 * refresh interval).
 */
export function postgresExporterQueries(queries: readonly BusinessQuery[], cacheSeconds: number): string {
  const file: Record<string, unknown> = {};
  for (const query of queries) {
    const labels = [...new Set(query.metrics.flatMap((metric) => metric.labels))];
    file[namespaceOf(query)] = {
      query: query.sql,
      cache_seconds: cacheSeconds,
      metrics: [
        ...labels.map((label) => ({ [label]: { usage: 'LABEL', description: `Column ${label}.` } })),
        ...query.metrics.map((metric) => ({
          [metric.valueColumn]: { usage: 'GAUGE', description: metric.help },
        })),
      ],
    };
  }
  return stringify(file, { lineWidth: 0 });
}

/** How a peer is configured: the flags on top of the custom queries and the listen address. */
export interface PostgresExporterVariant {
  name: string;
  flags: readonly string[];
  /** Printed with the results, so the reader knows what was compared. */
  description: string;
}

/** Its default collectors off: only the custom queries (plus `pg_up`, Go runtime, build info) remain. */
export const QUERIES_ONLY: PostgresExporterVariant = {
  name: 'queries only',
  flags: [
    '--disable-default-metrics',
    '--disable-settings-metrics',
    '--no-collector.database',
    '--no-collector.bgwriter',
  ],
  description:
    '--disable-default-metrics --disable-settings-metrics --no-collector.database --no-collector.bgwriter',
};

/** As packaged: its default metrics (pg_stat_*, pg_settings, database sizes, bgwriter) as well. */
export const DEFAULTS: PostgresExporterVariant = {
  name: 'defaults',
  flags: [],
  description: 'its default collectors as well (pg_stat_database, pg_stat_activity, pg_settings, ...)',
};

/** The peer binary is not installed: said in one line, with how to install it. */
export class MissingPeerError extends Error {
  override name = 'MissingPeerError';
  constructor() {
    super(
      `${POSTGRES_EXPORTER_BIN} not found: install it with \`npm run setup -- --bench\` ` +
        '(Debian package prometheus-postgres-exporter), or point BENCH_POSTGRES_EXPORTER at one',
    );
  }
}

/** `0.11.1`, from `--version` (which this version prints on stderr). */
export function postgresExporterVersion(): string {
  const { stdout, stderr, error } = spawnSync(POSTGRES_EXPORTER_BIN, ['--version'], { encoding: 'utf8' });
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new MissingPeerError();
  if (error) throw new Error(`${POSTGRES_EXPORTER_BIN}: ${error.message}`);
  return /version (\S+)/.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown';
}

export interface StartedPostgresExporter {
  child: ChildProcess;
  /** Its last log lines, for an error message. */
  log(): string;
}

/**
 * Starts it on 127.0.0.1:`port` against `dsn` (a libpq URL). Its session TimeZone is the exporter's
 * METRICS_TIME_ZONE default (a runtime parameter in the DSN), so "today" is the same day for both.
 */
export function startPostgresExporter(options: {
  dsn: string;
  port: number;
  queriesPath: string;
  variant: PostgresExporterVariant;
}): StartedPostgresExporter {
  const child = spawn(
    POSTGRES_EXPORTER_BIN,
    [
      `--web.listen-address=127.0.0.1:${options.port}`,
      `--extend.query-path=${options.queriesPath}`,
      '--log.level=warn',
      ...options.variant.flags,
    ],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DATA_SOURCE_NAME: options.dsn },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const lines: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 20));
  });
  return { child, log: () => lines.join('\n') };
}
