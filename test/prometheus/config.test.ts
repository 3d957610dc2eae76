/**
 * prometheus/prometheus.<env>.yml (generated, one per deployed environment) and prometheus/blackbox.yml,
 * checked by the tools that load them: promtool (Debian package prometheus) on each file laid out as the
 * compose file mounts it, and blackbox_exporter's --config.check (prometheus-blackbox-exporter).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jobs } from '../../alerting/rules/metrics';
import { thresholds } from '../../alerting/rules/thresholds';
import {
  type DeployedEnv,
  deployedEnvs,
  ENV_LABEL,
  METRICS_TOKEN_FILE,
  otherJobs,
  PROBE_MODULE,
  type PrometheusConfig,
  prometheusConfig,
  RULE_FILE,
  SLO_RULE_FILE,
} from '../../prometheus/config';
import { composeTargets, type Targets } from '../../prometheus/targets';
import { validate } from '../../prometheus/validate';
import { BLACKBOX_FILE } from '../../stack/configs';
import { prometheusFile, prometheusVariants } from '../../stack/generate-configs';
import { allMonitors, monitorsFor } from '../../uptime/monitors';

const load = (env: DeployedEnv) => parse(readFileSync(prometheusFile(env), 'utf8')) as PrometheusConfig;
const jobOf = (config: PrometheusConfig, name: string) => {
  const found = config.scrape_configs.find((j) => j.job_name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
};

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every job a deployment scrapes (backup and deploy are pushed `job` labels, not scrape jobs). */
const allJobs = [jobs.exporter, jobs.api, jobs.blackbox, ...Object.values(otherJobs)];

it('is one file per environment docker-compose.monitoring.yml runs in', () => {
  expect(deployedEnvs).toEqual(['staging', 'production']);
});

describe.each(deployedEnvs)('prometheus.%s.yml', (env) => {
  const config = load(env);
  const job = (name: string) => jobOf(config, name);
  it('passes promtool check config as mounted (npm run configs:validate), the alert rule files found and valid', () => {
    const { status, output } = validate(env);
    expect([status, output]).toEqual([0, expect.stringContaining('SUCCESS: 2 rule files found')]);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it(`labels every target of every job env="${env}", the dashboards' environment filter`, () => {
    expect(config.scrape_configs.map((j) => j.job_name).sort()).toEqual([...allJobs].sort());
    for (const { job_name, static_configs, relabel_configs = [] } of config.scrape_configs) {
      expect(static_configs.length).toBeGreaterThan(0);
      for (const c of static_configs) expect([job_name, c.labels?.[ENV_LABEL]]).toEqual([job_name, env]);
      // Nothing relabels it over.
      expect([job_name, relabel_configs.filter((r) => r.target_label === ENV_LABEL)]).toEqual([job_name, []]);
    }
    // A target label, not an external label: Prometheus's own queries and rules never see those.
    expect(config.global).not.toHaveProperty('external_labels');
  });

  it('differs from the other environments in the env label and the probed URLs only', () => {
    for (const other of deployedEnvs) {
      let relabel = JSON.stringify(load(other)).replaceAll(
        `"${ENV_LABEL}":"${other}"`,
        `"${ENV_LABEL}":"${env}"`,
      );
      monitorsFor(other).forEach((monitor, i) => {
        relabel = relabel.replaceAll(`"${monitor.url}"`, `"${monitorsFor(env)[i]?.url}"`);
      });
      expect(JSON.parse(relabel)).toEqual(config);
    }
  });

  it('presents the exporter its METRICS_TOKEN, from the file beside prometheus.yml', () => {
    expect(job(jobs.exporter).authorization).toEqual({
      type: 'Bearer',
      credentials_file: METRICS_TOKEN_FILE,
    });
  });

  it('fails promtool when the rule file is not where the compose file mounts it', () => {
    const alone = mkdtempSync(join(tmpdir(), 'prometheus-alone-'));
    try {
      copyFileSync(prometheusFile(env), join(alone, 'prometheus.yml'));
      const { status, output } = run('promtool', ['check', 'config', join(alone, 'prometheus.yml')]);
      expect([status, output]).toEqual([1, expect.stringContaining('does not point to an existing file')]);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('scrapes the jobs the alert rules name, the relay, the host and containers, and sends to Alertmanager', () => {
    const labels = { [ENV_LABEL]: env };
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual(
      expect.arrayContaining([
        jobs.exporter,
        jobs.api,
        jobs.blackbox,
        'clicky-relay',
        'node',
        'cadvisor',
        'pushgateway',
      ]),
    );
    expect(job(jobs.exporter).static_configs).toEqual([{ targets: [composeTargets.exporter], labels }]);
    expect(job('clicky-relay').static_configs).toEqual([{ targets: [composeTargets.relay], labels }]);
    expect(job(jobs.api).static_configs).toEqual([{ targets: [composeTargets.api], labels }]);
    expect(job('node').static_configs).toEqual([{ targets: [composeTargets.nodeExporter], labels }]);
    expect(job('cadvisor').static_configs).toEqual([{ targets: [composeTargets.cadvisor], labels }]);
    expect(config.rule_files).toEqual([RULE_FILE, SLO_RULE_FILE]);
    expect(config.alerting.alertmanagers).toEqual([
      { static_configs: [{ targets: [composeTargets.alertmanager] }] },
    ]);
  });

  it('keeps the labels pushed to Pushgateway (job backup, deploy; env when pushed with one)', () => {
    // Series pushed without env get this one: Prometheus adds the target labels a series lacks.
    expect(job('pushgateway')).toMatchObject({
      honor_labels: true,
      static_configs: [{ targets: [composeTargets.pushgateway], labels: { [ENV_LABEL]: env } }],
    });
  });

  it("probes its own environment's URLs, none of the other environment's", () => {
    const probed = job(jobs.blackbox).static_configs.flatMap((c) => c.targets);
    expect(probed).toEqual(monitorsFor(env).map((m) => m.url));
    const others = deployedEnvs.filter((other) => other !== env).flatMap((other) => monitorsFor(other));
    for (const url of probed) expect(others.map((m) => m.url)).not.toContain(url);
    // Staging probes no host of production's (the spec's URLs), not only no identical URL.
    if (env === 'staging') {
      const productionHosts = allMonitors.map((m) => new URL(m.url).host);
      for (const url of probed) expect(productionHosts).not.toContain(new URL(url).host);
    }
  });

  it('probes every uptime monitor every minute through blackbox_exporter, labelled with its monitor', () => {
    const probes = job(jobs.blackbox);
    expect(probes.scrape_interval).toBe(thresholds.probes.interval);
    expect(probes.scrape_interval).toBe('1m');
    expect(probes).toMatchObject({ metrics_path: '/probe', params: { module: [PROBE_MODULE] } });
    expect(probes.static_configs).toEqual(
      monitorsFor(env).map((m) => ({ targets: [m.url], labels: { monitor: m.name, [ENV_LABEL]: env } })),
    );
    // The URL becomes the probe's target and the series' instance; the scrape goes to blackbox_exporter.
    expect(probes.relabel_configs).toEqual([
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      { target_label: '__address__', replacement: composeTargets.blackbox },
    ]);
  });
});

describe('prometheusConfig', () => {
  it("labels the jobs of any set of targets, the local stack's included, with the given environment", () => {
    const local: Targets = { prometheus: 'p:1', alertmanager: 'a:2', exporter: 'e:3', blackbox: 'b:4' };
    const config = prometheusConfig(local, 'development', { scrapeInterval: '1s' });
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual([
      otherJobs.prometheus,
      otherJobs.alertmanager,
      jobs.exporter,
      jobs.blackbox,
    ]);
    const envs = config.scrape_configs.flatMap((j) => j.static_configs.map((c) => c.labels?.[ENV_LABEL]));
    expect(new Set(envs)).toEqual(new Set(['development']));
  });
});

describe('blackbox.yml', () => {
  const blackbox = parse(readFileSync(BLACKBOX_FILE, 'utf8')) as {
    modules: Record<string, { prober: string; timeout: string; http: Record<string, unknown> }>;
  };

  it('passes blackbox_exporter --config.check (which refuses unknown fields)', () => {
    const { status, output } = run('prometheus-blackbox-exporter', [
      '--config.check',
      `--config.file=${BLACKBOX_FILE}`,
    ]);
    expect([status, output]).toEqual([0, expect.stringContaining('Config file is ok')]);
    expect(output).not.toContain('level=error');
  });

  it('has the probes module: HTTP, 2xx, TLS required so certificate expiry is measured', () => {
    expect(blackbox.modules[PROBE_MODULE]).toMatchObject({
      prober: 'http',
      http: { valid_status_codes: [], fail_if_not_ssl: true },
    });
  });

  it('times out within the probe job scrape_timeout', () => {
    const seconds = (d: string) => Number(d.replace(/s$/, ''));
    expect(seconds(blackbox.modules[PROBE_MODULE]?.timeout ?? '')).toBeLessThan(
      seconds(jobOf(load('production'), jobs.blackbox).scrape_timeout ?? ''),
    );
  });
});

describe('npm run configs:validate', () => {
  it('checks every environment and each of its compose variants from the repository root and exits 0', () => {
    const result = spawnSync(
      join(__dirname, '../../node_modules/.bin/tsx'),
      [join(__dirname, '../../prometheus/validate.ts')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    for (const env of deployedEnvs)
      for (const { variant } of prometheusVariants)
        expect(result.stdout).toContain(`prometheus.${env}${variant}.yml: valid`);
    expect(result.stdout).toContain('prometheus.production.ha-longterm-b.yml: valid');
  });

  it('refuses an unknown environment with exit 64', () => {
    const result = spawnSync(
      join(__dirname, '../../node_modules/.bin/tsx'),
      [join(__dirname, '../../prometheus/validate.ts'), 'qa'],
      { encoding: 'utf8' },
    );
    expect([result.status, result.stderr]).toEqual([64, expect.stringContaining('unknown environment qa')]);
  });
});
