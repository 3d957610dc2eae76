/**
 * docker-compose.monitoring.yml, validated and interpolated by `docker-compose config` with an env file
 * made from .env.example, then read for what the deployment relies on. No Docker engine here: images,
 * health check commands and the containers themselves are not run (see the README's stack section).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { smtp as alertmanagerSmtp, requiredFlags, secretFiles } from '../../alerting/alertmanager/settings';
import { RULE_FILE as GENERATED_RULES } from '../../alerting/generate-rules';
import { loadRelayConfig } from '../../alerting/relay/config';
import { loadSummaryConfig } from '../../alerting/summary/config';
import { loadExporterConfig } from '../../exporter/src/config';
import { DATA_DIR, retentionDays } from '../../loki/config';
import { deployedEnvs, METRICS_TOKEN_FILE, RULE_FILE } from '../../prometheus/config';
import { DEDUP_INTERVAL } from '../../prometheus/ha-longterm';
import { composeTargets } from '../../prometheus/targets';
import { prometheusVariants } from '../../stack/generate-configs';
import { loadStatusConfig } from '../../status/config';
import { type ComposeService, composeConfig, composeConfigAsync, envExample, root } from '../support/compose';

// docker-compose v1 starts slowly (a second or two a run) and some cases run it several times.
jest.setTimeout(60_000);

const FILE = 'docker-compose.monitoring.yml';

/** Values for what .env.example leaves empty: the secrets. */
const secrets: Record<string, string> = {
  GRAFANA_ADMIN_PASSWORD: 'test-grafana-password',
  RELAY_TOKEN: 'test-relay-token',
  SMTP_PASSWORD: 'test-smtp-password',
  // A token as BotFather gives it: the relay's configuration is loaded from what compose passes it.
  TELEGRAM_BOT_TOKEN: `123456:${'t'.repeat(35)}`,
  TELEGRAM_CHAT_ID: '-1001234567890',
  DATABASE_URL: 'postgres://clicky:test-db-password@postgres:5432/clicky',
  REDIS_URL: 'redis://:test-redis-password@redis:6379/0',
  MINIO_ACCESS_KEY: 'test-access-key',
  MINIO_SECRET_KEY: 'test-secret-key',
  METRICS_TOKEN: 'test-metrics-token',
};

const result = composeConfig([FILE], secrets);
const services = result.config?.services ?? {};
const service = (name: string): ComposeService => {
  const found = services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};
/** [source, target] of each volume; named volumes have no slash in the source. */
const mounts = (name: string) =>
  (service(name).volumes ?? []).map((v) => {
    const [source = '', target = ''] = v.split(':');
    return [source, target] as const;
  });
const mountOf = (name: string, target: string) => mounts(name).find(([, t]) => t === target)?.[0];

/**
 * Runs a service's entrypoint script here with sh, its secrets directory and binary swapped for local
 * ones: what the binary would be started with, and the files (mode 0600) written before.
 */
function runEntrypoint(name: string, binary: string, secretsDir: string, env: Record<string, string>) {
  const { entrypoint = [], command = [] } = service(name);
  const [shell, flag, script = '', argv0 = ''] = entrypoint;
  expect([shell, flag]).toEqual(['/bin/sh', '-c']);
  const work = mkdtempSync(join(tmpdir(), 'entrypoint-'));
  try {
    const local = script
      .replaceAll('$$', '$')
      .replaceAll(secretsDir, work)
      .replace(`exec ${binary}`, 'exec echo');
    const run = spawnSync('sh', ['-c', local, argv0, ...command], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const files = Object.fromEntries(
      readdirSync(work).map((file) => {
        expect(statSync(join(work, file)).mode & 0o777).toBe(0o600);
        return [join(secretsDir, file), readFileSync(join(work, file), 'utf8')];
      }),
    );
    return { exec: run.stdout.trim().split(' '), files };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

it('is valid for docker-compose with .env.example and its secrets filled in', () => {
  expect([result.status, result.output]).toEqual([0, expect.stringContaining('services:')]);
  expect(Object.keys(services).sort()).toEqual(
    [
      'alert-summary',
      'alertmanager',
      'alloy',
      'blackbox',
      'cadvisor',
      'exporter',
      'grafana',
      'loki',
      'node-exporter',
      'prometheus',
      'pushgateway',
      'relay',
      'victoriametrics',
      'prometheus-b',
      'alertmanager-b',
      'relay-b',
      'status',
    ].sort(),
  );
});

/**
 * The optional profiles (README: Long-term storage). docker-compose v1 (1.29, what runs here) knows
 * profiles but its `config` prints every service whatever is enabled, so what `up` starts is read from
 * the `profiles` fields: only the profiles' own services carry one.
 */
describe('profiles', () => {
  const profiled = Object.entries(services)
    .filter(([, s]) => (s.profiles ?? []).length > 0)
    .map(([name, s]) => [name, s.profiles] as const);

  it('longterm adds VictoriaMetrics, ha the second Prometheus, Alertmanager and relay; the rest run always', () => {
    expect(profiled.sort()).toEqual(
      [
        ['victoriametrics', ['longterm']],
        ['prometheus-b', ['ha']],
        ['alertmanager-b', ['ha']],
        ['relay-b', ['ha']],
      ].sort(),
    );
  });

  it('cost nothing when off: no default service depends on a profiled one, nor mounts its volume', () => {
    const names = new Set(profiled.map(([name]) => name));
    for (const [name, s] of Object.entries(services).filter(([n]) => !names.has(n))) {
      expect({ name, dependsOn: Object.keys(s.depends_on ?? {}).filter((d) => names.has(d)) }).toEqual({
        name,
        dependsOn: [],
      });
      const own = ['victoriametrics-data', 'prometheus-b-data', 'alertmanager-b-data'];
      expect({ name, mounts: mounts(name).filter(([source]) => own.includes(source)) }).toEqual({
        name,
        mounts: [],
      });
    }
    // Without the variables Prometheus reads the plain file (no remote write to a missing store, no
    // peer Alertmanager), Alertmanager gossips with nobody and the relay claims nothing.
    expect(mountOf('prometheus', '/etc/prometheus/prometheus.yml')).toBe(
      join(root, 'prometheus/prometheus.production.yml'),
    );
    expect(mountOf('alertmanager', '/etc/alertmanager/alertmanager.yml')).toBe(
      join(root, 'alerting/alertmanager/alertmanager.yml'),
    );
    expect(service('alertmanager').command).toContain('--cluster.listen-address=');
    expect(service('relay').environment?.RELAY_HA_CLAIMS_DIR).toBe('');
  });

  it('ha: both replicas, both Alertmanagers in one cluster, both relays sharing the claims directory', () => {
    const ha = composeConfig([FILE], {
      ...secrets,
      PROMETHEUS_VARIANT: '.ha',
      ALERTMANAGER_VARIANT: '.ha',
      ALERTMANAGER_CLUSTER_LISTEN: '0.0.0.0:9094',
      RELAY_HA_CLAIMS_DIR: '/var/lib/relay/claims',
    });
    const on = ha.config?.services ?? {};
    const configOf = (name: string) => {
      const mount = (on[name]?.volumes ?? []).find((v) => v.endsWith(':/etc/prometheus/prometheus.yml:ro'));
      return parse(readFileSync(mount?.split(':')[0] ?? '', 'utf8')) as {
        global: { external_labels: Record<string, string> };
        alerting: {
          alert_relabel_configs: unknown[];
          alertmanagers: { static_configs: { targets: string[] }[] }[];
        };
      };
    };
    const [a, b] = [configOf('prometheus'), configOf('prometheus-b')];
    expect([a.global.external_labels, b.global.external_labels]).toEqual([
      { replica: 'a' },
      { replica: 'b' },
    ]);
    for (const c of [a, b]) {
      expect(c.alerting.alert_relabel_configs).toEqual([{ action: 'labeldrop', regex: 'replica' }]);
      expect(c.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual([
        'alertmanager:9093',
        'alertmanager-b:9093',
      ]);
    }
    expect(on.alertmanager?.command).toContain('--cluster.listen-address=0.0.0.0:9094');
    expect(on['alertmanager-b']?.command).toEqual(
      expect.arrayContaining(['--cluster.listen-address=0.0.0.0:9094', '--cluster.peer=alertmanager:9094']),
    );
    for (const name of ['alertmanager', 'alertmanager-b'])
      expect(on[name]?.volumes).toContain(
        `${join(root, 'alerting/alertmanager/alertmanager.ha.yml')}:/etc/alertmanager/alertmanager.yml:ro`,
      );
    expect(on.relay?.environment?.RELAY_HA_CLAIMS_DIR).toBe('/var/lib/relay/claims');
    expect(on['relay-b']?.environment).toMatchObject({
      RELAY_HA_CLAIMS_DIR: '/var/lib/relay/claims',
      RELAY_SPOOL_DIR: '/var/lib/relay/b',
    });
    expect(on['relay-b']?.volumes).toEqual(on.relay?.volumes);
  });

  /**
   * Each choice an operator can make, as .env.example lists it: the profiles and the one
   * PROMETHEUS_VARIANT that goes with them (the HA pair's other variables as in the ha case above).
   */
  const haValues = {
    ALERTMANAGER_VARIANT: '.ha',
    ALERTMANAGER_CLUSTER_LISTEN: '0.0.0.0:9094',
    RELAY_HA_CLAIMS_DIR: '/var/lib/relay/claims',
  };
  const choices: { profiles: string[]; values: Record<string, string> }[] = [
    { profiles: [], values: {} },
    { profiles: ['longterm'], values: { PROMETHEUS_VARIANT: '.longterm' } },
    { profiles: ['ha'], values: { PROMETHEUS_VARIANT: '.ha', ...haValues } },
    { profiles: ['ha', 'longterm'], values: { PROMETHEUS_VARIANT: '.ha-longterm', ...haValues } },
  ];
  interface MountedPrometheus {
    global: { scrape_interval: string; external_labels?: Record<string, string> };
    remote_write?: { url: string; write_relabel_configs?: unknown[] }[];
  }

  it.each(choices.map((c) => [c.profiles.join(',') || 'none', c] as const))(
    '%s: valid, every file a started service mounts exists, its Prometheus files agree with the profiles',
    async (_name, choice) => {
      const run = await composeConfigAsync([FILE], {
        ...secrets,
        COMPOSE_PROFILES: choice.profiles.join(','),
        ...choice.values,
      });
      expect([run.status, run.output]).toEqual([0, expect.stringContaining('services:')]);
      const all = run.config?.services ?? {};
      const started = Object.entries(all).filter(
        ([, s]) =>
          (s.profiles ?? []).length === 0 || (s.profiles ?? []).some((p) => choice.profiles.includes(p)),
      );
      const names = started.map(([name]) => name);
      for (const [name, s] of started) {
        for (const volume of s.volumes ?? []) {
          const [source = ''] = volume.split(':');
          if (source.startsWith(root) && !source.startsWith(join(root, 'dashboards')))
            expect([name, source, existsSync(source)]).toEqual([name, source, true]);
        }
      }
      const prometheusFiles = ['prometheus', 'prometheus-b']
        .filter((name) => names.includes(name))
        .map((name) => {
          const mount = (all[name]?.volumes ?? []).find((v) =>
            v.endsWith(':/etc/prometheus/prometheus.yml:ro'),
          );
          return parse(readFileSync(mount?.split(':')[0] ?? '', 'utf8')) as MountedPrometheus;
        });
      const ha = choice.profiles.includes('ha');
      const longterm = choice.profiles.includes('longterm');
      expect(prometheusFiles.map((c) => c.global.external_labels)).toEqual(
        ha ? [{ replica: 'a' }, { replica: 'b' }] : [undefined],
      );
      for (const c of prometheusFiles) {
        // Every Prometheus writes to the store when there is one, to a service that runs, and an HA
        // replica without its `replica` label, so that the two write the same series.
        expect(c.remote_write?.length ?? 0).toBe(longterm ? 1 : 0);
        for (const write of c.remote_write ?? []) {
          expect(names).toContain(new URL(write.url).hostname);
          expect(write.write_relabel_configs).toEqual(
            ha ? [{ action: 'labeldrop', regex: 'replica' }] : undefined,
          );
        }
      }
    },
  );

  it("VictoriaMetrics keeps one sample per series per scrape interval: the HA pair's two become one", () => {
    const file = (variant: string) =>
      parse(
        readFileSync(join(root, `prometheus/prometheus.production${variant}.yml`), 'utf8'),
      ) as MountedPrometheus;
    expect(service('victoriametrics').command).toContain(`-dedup.minScrapeInterval=${DEDUP_INTERVAL}`);
    for (const variant of ['.longterm', '.ha-longterm', '.ha-longterm-b'])
      expect([variant, file(variant).global.scrape_interval]).toEqual([variant, DEDUP_INTERVAL]);
  });

  it("prometheus-b starts only with the pair's PROMETHEUS_VARIANT (a -b file of its own), and then as prometheus does", () => {
    const script = (name: string) => service(name).entrypoint?.[2] ?? '';
    const [check = '', rest = ''] = script('prometheus-b').split(/(?<=\nfi\n)/);
    expect(rest).toBe(script('prometheus'));
    expect(service('prometheus-b').command).toEqual(service('prometheus').command);
    const pair = prometheusVariants
      .map((v) => v.variant)
      .filter((v) => v.endsWith('-b'))
      .map((v) => v.slice(0, -2));
    const others = prometheusVariants.map((v) => v.variant).filter((v) => !v.includes('.ha'));
    expect(pair.sort()).toEqual(['.ha', '.ha-longterm']);
    for (const variant of [...pair, ...others]) {
      const run = spawnSync('sh', ['-c', check.replaceAll('$$', '$')], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', PROMETHEUS_VARIANT: variant },
      });
      const refused = [78, expect.stringContaining('set PROMETHEUS_VARIANT to .ha or .ha-longterm')];
      expect([variant, run.status, run.stderr]).toEqual([
        variant,
        ...(pair.includes(variant) ? [0, ''] : refused),
      ]);
    }
    // The container gets the variable as .env sets it (empty when unset).
    expect(service('prometheus-b').environment?.PROMETHEUS_VARIANT ?? '').toBe(
      secrets.PROMETHEUS_VARIANT ?? '',
    );
    const ha = composeConfig([FILE], { ...secrets, PROMETHEUS_VARIANT: '.ha-longterm' });
    expect(ha.config?.services['prometheus-b']?.environment?.PROMETHEUS_VARIANT).toBe('.ha-longterm');
  });

  it('longterm: PROMETHEUS_VARIANT=.longterm mounts the file that remote-writes to the VictoriaMetrics service', () => {
    const longterm = composeConfig([FILE], { ...secrets, PROMETHEUS_VARIANT: '.longterm' });
    const file = join(root, 'prometheus/prometheus.production.longterm.yml');
    expect(longterm.config?.services.prometheus?.volumes).toContain(
      `${file}:/etc/prometheus/prometheus.yml:ro`,
    );
    const written = parse(readFileSync(file, 'utf8')) as { remote_write: { url: string }[] };
    const { hostname, port } = new URL(written.remote_write[0]?.url ?? '');
    expect(service(hostname).expose).toContain(port);
    expect(mountOf(hostname, '/storage')).toBe('victoriametrics-data');
    expect(service(hostname).command).toContain('-storageDataPath=/storage');
  });
});

it('keeps every secret out of the repository: .env.example leaves them empty, the compose file requires them', async () => {
  const example = envExample();
  for (const name of Object.keys(secrets)) expect([name, example.get(name)]).toEqual([name, '']);
  const compose = readFileSync(resolve(root, FILE), 'utf8');
  for (const name of Object.keys(secrets)) expect(compose).toContain(`\${${name}:?set ${name} in .env}`);
  // Each secret left empty stops docker-compose, naming it (run together: each run takes a second or two).
  const runs = await Promise.all(
    Object.keys(secrets).map(async (name) => {
      const missing = await composeConfigAsync([FILE], { ...secrets, [name]: '' });
      return [name, missing.status, missing.output];
    }),
  );
  expect(runs).toEqual(
    Object.keys(secrets).map((name) => [name, 1, expect.stringContaining(`set ${name} in .env`)]),
  );
});

it('.env.example lists every variable the compose file reads', () => {
  const compose = readFileSync(resolve(root, FILE), 'utf8');
  const used = [...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string);
  const example = envExample();
  for (const name of new Set(used)) expect([name, example.has(name)]).toEqual([name, true]);
});

describe.each(Object.keys(services))('service %s', (name) => {
  const s = services[name] as ComposeService;

  it('restarts unless stopped and has a full health check', () => {
    expect(s.restart).toBe('unless-stopped');
    expect(s.healthcheck).toMatchObject({
      test: expect.arrayContaining([expect.stringMatching(/^CMD/)]),
      interval: expect.stringMatching(/^\d+s$/),
      timeout: expect.stringMatching(/^\d+s$/),
      retries: expect.any(Number),
    });
  });

  it('runs a pinned image version, or this repository built from the Dockerfile', () => {
    if (s.build) {
      expect(s.build.context).toBe(root);
      expect(s.image).toBe('clicky-observability:local');
    } else {
      expect(s.image).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+\.\d+$/);
    }
  });

  it('keeps its data in named volumes and mounts only files that exist', () => {
    for (const [source] of mounts(name)) {
      if (!source.startsWith('/')) expect(result.config?.volumes).toHaveProperty(source);
      else if (source.startsWith(root) && !source.startsWith(join(root, 'dashboards'))) {
        expect([source, existsSync(source)]).toEqual([source, true]);
      }
    }
  });
});

it('serves every scrape target of prometheus.<env>.yml on the port Prometheus expects', () => {
  for (const target of Object.values(composeTargets)) {
    const [host = '', port = ''] = target.split(':');
    if (host === 'fastapi') continue; // the application's project
    expect([target, service(host).expose]).toEqual([target, expect.arrayContaining([port])]);
  }
  expect(service('prometheus').networks).toHaveProperty('app');
  expect(service('exporter').networks).toHaveProperty('app');
});

it('writes the exporter token where prometheus.yml names it, from .env, into memory', () => {
  const file = join('/etc/prometheus', METRICS_TOKEN_FILE);
  expect(service('prometheus').tmpfs).toEqual([`${dirname(file)}:uid=65534,gid=65534,mode=0700`]);
  expect(service('prometheus').environment).toEqual({ METRICS_TOKEN: secrets.METRICS_TOKEN });
  expect(runEntrypoint('prometheus', '/bin/prometheus', dirname(file), { METRICS_TOKEN: 'tok' })).toEqual({
    exec: service('prometheus').command,
    files: { [file]: 'tok' },
  });
  expect(service('exporter').environment?.METRICS_TOKEN).toBe(secrets.METRICS_TOKEN);
});

it("mounts its environment's prometheus.<env>.yml beside the rule file, as the promtool test lays them out", () => {
  expect(mountOf('prometheus', '/etc/prometheus/prometheus.yml')).toBe(
    join(root, 'prometheus/prometheus.production.yml'),
  );
  expect(service('prometheus').command).toContain('--config.file=/etc/prometheus/prometheus.yml');
  const staging = composeConfig([FILE], { ...secrets, APP_ENV: 'staging' });
  expect(staging.config?.services.prometheus?.volumes).toContain(
    `${join(root, 'prometheus/prometheus.staging.yml')}:/etc/prometheus/prometheus.yml:ro`,
  );
  expect(mountOf('prometheus', join('/etc/prometheus', dirname(RULE_FILE)))).toBe(dirname(GENERATED_RULES));
  expect(mountOf('prometheus', '/prometheus')).toBe('prometheus-data');
  expect(mountOf('blackbox', '/etc/blackbox/blackbox.yml')).toBe(join(root, 'prometheus/blackbox.yml'));
});

describe('alertmanager', () => {
  const am = () => service('alertmanager');

  it('runs with the required flags and keeps its state in a volume', () => {
    expect(am().command).toEqual(expect.arrayContaining([...requiredFlags, '--storage.path=/alertmanager']));
    expect(requiredFlags).toContain('--data.retention=8760h');
    expect(mountOf('alertmanager', '/alertmanager')).toBe('alertmanager-data');
    expect(mountOf('alertmanager', '/etc/alertmanager/alertmanager.yml')).toBe(
      join(root, 'alerting/alertmanager/alertmanager.yml'),
    );
  });

  it('writes the secret files its config names from .env, into memory, before it starts', () => {
    const dir = dirname(secretFiles.relayToken);
    expect(dirname(secretFiles.smtpPassword)).toBe(dir);
    expect(am().tmpfs).toEqual([`${dir}:uid=65534,gid=65534,mode=0700`]);
    expect(am().environment).toEqual({
      RELAY_TOKEN: secrets.RELAY_TOKEN,
      SMTP_PASSWORD: secrets.SMTP_PASSWORD,
    });
    expect(
      runEntrypoint('alertmanager', '/bin/alertmanager', dir, {
        RELAY_TOKEN: 'tok en\n',
        SMTP_PASSWORD: 'p@ss',
      }),
    ).toEqual({
      exec: am().command,
      files: { [secretFiles.relayToken]: 'tok en\n', [secretFiles.smtpPassword]: 'p@ss' },
    });
  });
});

it('gives the relays and the summary Grafana as ops reach it, for the "📊 dashboard" links', () => {
  const grafana = service('grafana').environment?.GF_SERVER_ROOT_URL;
  expect(grafana).toBe(envExample().get('GRAFANA_URL'));
  expect(loadRelayConfig(service('relay').environment ?? {}).grafanaUrl).toBe(grafana);
  expect(loadSummaryConfig(service('alert-summary').environment ?? {}).grafanaUrl).toBe(grafana);
  const ha = composeConfig([FILE], {
    ...secrets,
    COMPOSE_PROFILES: 'ha',
    GRAFANA_URL: 'https://grafana.example',
  });
  expect(ha.config?.services['relay-b']?.environment?.GRAFANA_URL).toBe('https://grafana.example');
  expect(ha.config?.services.relay?.environment?.GRAFANA_URL).toBe('https://grafana.example');
});

it("runs the relay's bot only when .env turns it on, silencing through the Alertmanager service", () => {
  expectKnownVariables('relay', 'alerting/relay/config.ts', 'alerting/relay/bot/config.ts');
  expect(envExample().get('RELAY_BOT')).toBe('off');
  expect(loadRelayConfig(service('relay').environment ?? {}).bot).toBeNull();
  const on = composeConfig([FILE], { ...secrets, RELAY_BOT: 'polling', RELAY_BOT_SECRET: 'b'.repeat(64) });
  const bot = loadRelayConfig(on.config?.services.relay?.environment ?? {}).bot;
  expect(bot).toMatchObject({ transport: 'polling', secret: 'b'.repeat(64) });
  const { hostname, port } = new URL(bot?.alertmanager.url ?? '');
  expect(service(hostname).expose).toContain(port);
});

it('gives the relay the token Alertmanager sends', () => {
  expect(service('relay').environment?.RELAY_WEBHOOK_TOKEN).toBe(
    service('alertmanager').environment?.RELAY_TOKEN,
  );
  expect(service('relay').environment?.RELAY_PORT).toBe('9471');
  expect(service('relay').environment?.RELAY_SPOOL_DIR).toBe('/var/lib/relay');
  expect(service('relay').command).toEqual(['node', 'dist/alerting/relay/main.js']);
});

/** Every variable of `name`'s environment is one its configuration file (or the shared logging one) reads. */
function expectKnownVariables(name: string, ...configFiles: string[]): void {
  const source = [...configFiles, 'lib/config/logging-env.ts']
    .map((file) => readFileSync(resolve(root, file), 'utf8'))
    .join('\n');
  const known = [...source.matchAll(/^\s{2,6}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
  for (const variable of Object.keys(service(name).environment ?? {}))
    expect([variable, known.includes(variable)]).toEqual([variable, true]);
}

it('sends the alert summary from .env through the mail account of Alertmanager, health-checked on its port', () => {
  const summary = service('alert-summary');
  expect(summary.command).toEqual(['node', 'dist/alerting/summary/main.js']);
  expectKnownVariables('alert-summary', 'alerting/summary/config.ts');
  const config = loadSummaryConfig(summary.environment ?? {});
  expect(config).toMatchObject({
    env: 'production',
    port: 9472,
    prometheus: { url: 'http://prometheus:9090' },
    mail: {
      from: envExample().get('SMTP_FROM'),
      to: [envExample().get('SUMMARY_TO')],
      smtp: { user: alertmanagerSmtp.username, password: secrets.SMTP_PASSWORD },
    },
  });
  // One account, one password: .env.example's account is the one Alertmanager logs in with.
  expect(`${config.mail?.smtp.host}:${config.mail?.smtp.port}`).toBe(alertmanagerSmtp.smarthost);
  expect(service('alertmanager').environment?.SMTP_PASSWORD).toBe(config.mail?.smtp.password);
  expect(service('prometheus').expose).toContain(new URL(config.prometheus.url).port);
  expect(summary.expose).toEqual([String(config.port)]);
  expect(summary.healthcheck?.test.join(' ')).toContain(`fetch('http://127.0.0.1:${config.port}/health')`);
});

it('serves the status page from the repository image on its port, health-checked, reading Prometheus only', () => {
  const status = service('status');
  expect(status.command).toEqual(['node', 'dist/status/main.js']);
  expectKnownVariables('status', 'status/config.ts');
  const config = loadStatusConfig(status.environment ?? {});
  expect(config).toMatchObject({
    env: 'production',
    port: 9473,
    prometheus: { url: 'http://prometheus:9090' },
  });
  expect(service('prometheus').expose).toContain(new URL(config.prometheus.url).port);
  expect(status.expose).toEqual([String(config.port)]);
  expect(status.healthcheck?.test.join(' ')).toContain(`fetch('http://127.0.0.1:${config.port}/health')`);
  const scripts = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts;
  expect(scripts['start:status']).toBe(`node ${status.command?.[1]}`);
});

it("configures the exporter with variables its configuration accepts, on the exporter's port", () => {
  const env = service('exporter').environment ?? {};
  expectKnownVariables('exporter', 'exporter/src/config.ts');
  const config = loadExporterConfig(env);
  expect(config).toMatchObject({ port: 9470, env: 'production', databaseUrl: secrets.DATABASE_URL });
  expect(config.lokiUrl).toBeUndefined(); // Alloy ships stdout
  const start = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts.start as string;
  expect(service('exporter').command?.join(' ')).toBe(start);
});

describe('APP_ENV', () => {
  it('is staging or production: each has its Prometheus and its Loki file, .env.example names one', () => {
    expect([...deployedEnvs].sort()).toEqual(Object.keys(retentionDays).sort());
    expect(deployedEnvs).toContain(envExample().get('APP_ENV'));
    expect(readFileSync(resolve(root, '.env.example'), 'utf8')).toMatch(/^# staging or production, /m);
  });

  it('is required: without it docker-compose stops, naming it and its values', () => {
    const compose = readFileSync(resolve(root, FILE), 'utf8');
    const uses = [...compose.matchAll(/\$\{APP_ENV[^}]*\}/g)].map((m) => m[0]);
    expect(uses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(uses)).toEqual(new Set([`\${APP_ENV:?set APP_ENV to staging or production in .env}`]));
    const missing = composeConfig([FILE], { ...secrets, APP_ENV: '' });
    expect([missing.status, missing.output]).toEqual([
      1,
      expect.stringContaining('set APP_ENV to staging or production in .env'),
    ]);
  });
});

it("gives Loki its environment's file and the data volume its config writes to", () => {
  expect(mountOf('loki', '/etc/loki/loki.yml')).toBe(join(root, 'loki/loki.production.yml'));
  expect(mountOf('loki', DATA_DIR)).toBe('loki-data');
  const staging = composeConfig([FILE], { ...secrets, APP_ENV: 'staging' });
  expect(staging.config?.services.loki?.volumes).toContain(
    `${join(root, 'loki/loki.staging.yml')}:/etc/loki/loki.yml:ro`,
  );
});

it('lets Alloy read the Docker socket and /var/log/clicky, labelled with APP_ENV', () => {
  expect(mountOf('alloy', '/var/run/docker.sock')).toBe('/var/run/docker.sock');
  expect(mountOf('alloy', '/var/log/clicky')).toBe('/var/log/clicky');
  expect(mountOf('alloy', '/etc/alloy/config.alloy')).toBe(join(root, 'alloy/config.alloy'));
  expect(service('alloy').environment).toEqual({ APP_ENV: 'production' });
});

it('provisions Grafana from the dashboards code', () => {
  expect(mounts('grafana')).toEqual(
    expect.arrayContaining([
      [join(root, 'dashboards/provisioning/datasources'), '/etc/grafana/provisioning/datasources'],
      [join(root, 'dashboards/provisioning/dashboards'), '/etc/grafana/provisioning/dashboards'],
      [join(root, 'dashboards/generated'), '/etc/grafana/dashboards'],
      ['grafana-data', '/var/lib/grafana'],
    ]),
  );
  expect(service('grafana').environment?.GF_SECURITY_ADMIN_PASSWORD).toBe(secrets.GRAFANA_ADMIN_PASSWORD);
});
