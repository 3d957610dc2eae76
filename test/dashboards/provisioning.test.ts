import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { datasources } from '../../dashboards/common/datasources';
import { DASHBOARDS_PATH } from '../../dashboards/provisioning';
import { models, panelsOf, variablesOf } from './support/models';

const root = resolve(__dirname, '../..');
const read = (path: string) => parse(readFileSync(resolve(root, path), 'utf8'));

interface DatasourceEntry {
  name: string;
  type: string;
  uid: string;
  url: string;
  access: string;
  jsonData?: Record<string, unknown>;
}

const datasourceFile = read('dashboards/provisioning/datasources/datasources.yml') as {
  apiVersion: number;
  datasources: DatasourceEntry[];
};
const providerFile = read('dashboards/provisioning/dashboards/dashboards.yml') as {
  apiVersion: number;
  providers: { name: string; type: string; options: { path: string } }[];
};

describe('datasources.yml', () => {
  it('provisions Prometheus, the long-term store, Loki and Alertmanager under fixed uids, each with the fields Grafana needs', () => {
    expect(datasourceFile.apiVersion).toBe(1);
    expect(datasourceFile.datasources).toEqual([
      expect.objectContaining({
        name: 'Prometheus',
        type: 'prometheus',
        uid: 'prometheus',
        url: 'http://prometheus:9090',
      }),
      // PromQL over VictoriaMetrics (compose profile longterm): Grafana's Prometheus datasource type.
      expect.objectContaining({
        type: 'prometheus',
        uid: 'victoriametrics',
        url: 'http://victoriametrics:8428',
        jsonData: expect.objectContaining({ httpMethod: 'POST' }),
      }),
      expect.objectContaining({ name: 'Loki', type: 'loki', uid: 'loki', url: 'http://loki:3100' }),
      expect.objectContaining({
        name: 'Alertmanager',
        type: 'alertmanager',
        uid: 'alertmanager',
        url: 'http://alertmanager:9093',
        jsonData: expect.objectContaining({ implementation: 'prometheus' }),
      }),
    ]);
    for (const entry of datasourceFile.datasources) expect(entry.access).toBe('proxy');
    expect(datasourceFile.datasources.filter((d) => (d as { isDefault?: boolean }).isDefault)).toHaveLength(
      1,
    );
  });

  it('holds every uid the dashboards default to, and nothing they could not reach', () => {
    const provisioned = new Set(datasourceFile.datasources.map((d) => `${d.type}/${d.uid}`));
    const used = models().flatMap((model) =>
      variablesOf(model)
        .filter((v) => v.type === 'datasource')
        .map((v) => `${v.query}/${v.current?.value}`),
    );
    expect(used.length).toBeGreaterThanOrEqual(models().length);
    for (const ref of used) expect(provisioned).toContain(ref);
    // Panels never name a uid directly: always through a datasource variable.
    const direct = models().flatMap((m) =>
      panelsOf(m)
        .map((p) => p.datasource?.uid)
        .filter((uid) => !uid?.startsWith('${')),
    );
    expect(direct).toEqual([]);
  });

  it('points at the compose services and ports of docker-compose.monitoring.yml', () => {
    const compose = read('docker-compose.monitoring.yml') as {
      services: Record<string, { expose?: string[] }>;
    };
    for (const { url } of Object.values(datasources)) {
      const { hostname, port } = new URL(url);
      expect({ url, expose: compose.services[hostname]?.expose }).toEqual({
        url,
        expose: expect.arrayContaining([port]),
      });
    }
  });
});

describe('dashboards.yml', () => {
  it('is one file provider reading the directory where compose mounts dashboards/generated', () => {
    expect(providerFile.apiVersion).toBe(1);
    expect(providerFile.providers).toEqual([
      expect.objectContaining({ type: 'file', options: expect.objectContaining({ path: DASHBOARDS_PATH }) }),
    ]);
    const compose = read('docker-compose.monitoring.yml') as { services: { grafana: { volumes: string[] } } };
    const mount = compose.services.grafana.volumes.find((v) => v.startsWith('./dashboards/generated:'));
    expect(mount?.split(':')[1]).toBe(DASHBOARDS_PATH);
  });
});
