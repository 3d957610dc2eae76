import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { generatedFiles, main } from '../../stack/generate-configs';

const root = resolve(__dirname, '../..');

describe('npm run configs', () => {
  it('has written the committed files: --check finds nothing stale', () => {
    const errors: string[] = [];
    expect(
      main(
        true,
        () => {},
        (line) => errors.push(line),
      ),
    ).toBe(0);
    expect(errors).toEqual([]);
  });

  it("writes one Prometheus config (and the profiles' variants), one Loki config and one logrotate file per deployed environment", () => {
    expect(generatedFiles().map((f) => relative(root, f.path))).toEqual([
      'prometheus/prometheus.staging.yml',
      'prometheus/prometheus.production.yml',
      'prometheus/prometheus.staging.longterm.yml',
      'prometheus/prometheus.production.longterm.yml',
      'prometheus/prometheus.staging.ha.yml',
      'prometheus/prometheus.production.ha.yml',
      'prometheus/prometheus.staging.ha-b.yml',
      'prometheus/prometheus.production.ha-b.yml',
      'prometheus/prometheus.staging.ha-longterm.yml',
      'prometheus/prometheus.production.ha-longterm.yml',
      'prometheus/prometheus.staging.ha-longterm-b.yml',
      'prometheus/prometheus.production.ha-longterm-b.yml',
      'loki/loki.staging.yml',
      'loki/loki.production.yml',
      'loki/logrotate/clicky-foundation.staging',
      'loki/logrotate/clicky-foundation.production',
    ]);
    // The single files they replaced, with no environment, must not linger.
    expect(existsSync(resolve(root, 'prometheus/prometheus.yml'))).toBe(false);
    expect(existsSync(resolve(root, 'loki/logrotate/clicky-foundation'))).toBe(false);
  });

  it('makes the long-term variant the same file plus remote write to the VictoriaMetrics service', () => {
    for (const env of ['staging', 'production']) {
      const read = (name: string) => parse(readFileSync(resolve(root, `prometheus/${name}`), 'utf8'));
      const { remote_write, ...rest } = read(`prometheus.${env}.longterm.yml`);
      expect(rest).toEqual(read(`prometheus.${env}.yml`));
      expect(remote_write).toEqual([
        expect.objectContaining({ url: 'http://victoriametrics:8428/api/v1/write' }),
      ]);
    }
  });

  it('makes the HA replicas the same file with their replica label, dropped from alerts, both Alertmanagers, scraping both of each pair', () => {
    for (const env of ['staging', 'production']) {
      const read = (name: string) => parse(readFileSync(resolve(root, `prometheus/${name}`), 'utf8'));
      const plain = read(`prometheus.${env}.yml`);
      for (const [file, replica] of [
        [`prometheus.${env}.ha.yml`, 'a'],
        [`prometheus.${env}.ha-b.yml`, 'b'],
      ]) {
        const { global, alerting, scrape_configs, ...rest } = read(file as string);
        const { global: plainGlobal, alerting: _, scrape_configs: plainJobs, ...plainRest } = plain;
        expect(rest).toEqual(plainRest);
        // The same jobs; the second Prometheus, Alertmanager and relay in the jobs of the first.
        const second: Record<string, string> = {
          prometheus: 'prometheus-b:9090',
          alertmanager: 'alertmanager-b:9093',
          'clicky-relay': 'relay-b:9471',
        };
        expect(scrape_configs).toEqual(
          plainJobs.map((job: { job_name: string; static_configs: { targets: string[] }[] }) =>
            second[job.job_name] === undefined
              ? job
              : {
                  ...job,
                  static_configs: job.static_configs.map((c) => ({
                    ...c,
                    targets: [...c.targets, second[job.job_name]],
                  })),
                },
          ),
        );
        expect(global).toEqual({ ...plainGlobal, external_labels: { replica } });
        expect(alerting).toEqual({
          alert_relabel_configs: [{ action: 'labeldrop', regex: 'replica' }],
          alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093', 'alertmanager-b:9093'] }] }],
        });
      }
    }
  });

  it("makes each HA replica's long-term variant its HA file plus remote write to the store, without `replica`", () => {
    for (const env of ['staging', 'production']) {
      const read = (name: string) => parse(readFileSync(resolve(root, `prometheus/${name}`), 'utf8'));
      for (const [combined, ha, longterm] of [
        [`prometheus.${env}.ha-longterm.yml`, `prometheus.${env}.ha.yml`, `prometheus.${env}.longterm.yml`],
        [
          `prometheus.${env}.ha-longterm-b.yml`,
          `prometheus.${env}.ha-b.yml`,
          `prometheus.${env}.longterm.yml`,
        ],
      ] as const) {
        const { remote_write, ...rest } = read(combined);
        expect(rest).toEqual(read(ha));
        const [single] = read(longterm).remote_write;
        expect(remote_write).toEqual([
          { ...single, write_relabel_configs: [{ action: 'labeldrop', regex: 'replica' }] },
        ]);
      }
    }
  });

  it('writes no YAML anchors or aliases: each file reads alone', () => {
    for (const { path, content } of generatedFiles()) {
      expect([relative(root, path), /^\s*(- )?[&*]a\d+/m.test(content)]).toEqual([
        relative(root, path),
        false,
      ]);
    }
  });

  it('marks every file it writes as generated, naming the command', () => {
    for (const { path } of generatedFiles()) {
      expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(/^# Generated by .*run `npm run configs`\.$/);
    }
  });
});
