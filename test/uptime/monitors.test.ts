import { dependencies, jobs } from '../../alerting/rules/metrics';
import { APP_ENVS } from '../../lib/logging/levels';
import { otherJobs } from '../../prometheus/config';
import { allMonitors, monitors, monitorsFor } from '../../uptime/monitors';

describe('uptime monitors', () => {
  it('are the four of spec section 5, with its URLs, intervals and alert channels, and the pipeline', () => {
    expect(allMonitors.map((m) => [m.friendlyName, m.url, m.intervalSeconds / 60, m.alertChannels])).toEqual([
      ['API Health', 'https://api.clicky.or.id/health', 5, ['telegram', 'email']],
      ['API Ready', 'https://api.clicky.or.id/health/ready', 5, ['telegram']],
      ['Website', 'https://www.sahabatkhairat.or.id', 5, ['email']],
      ['MinIO Console', 'https://storage.clicky.or.id/minio/health/live', 15, ['telegram']],
      ['Alerting Pipeline', 'https://relay.clicky.or.id/health/pipeline', 5, ['telegram', 'email']],
    ]);
  });

  it('have unique names usable as label values, and https URLs (the probes read certificate expiry)', () => {
    const names = allMonitors.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of allMonitors) {
      expect(m.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(new URL(m.url).protocol).toBe('https:');
    }
  });

  it("have a URL per environment: the spec's in production, their own elsewhere, local in development", () => {
    expect(allMonitors).toEqual(monitorsFor('production'));
    for (const env of APP_ENVS) {
      const urls = monitorsFor(env).map((m) => m.url);
      expect(new Set(urls).size).toBe(urls.length);
      for (const other of APP_ENVS.filter((e) => e !== env)) {
        const hosts = new Set(monitorsFor(other).map((m) => new URL(m.url).host));
        // Different hosts, not only different paths: no environment watches another's servers.
        if (env !== 'development' && other !== 'development')
          for (const url of urls) expect(hosts).not.toContain(new URL(url).host);
      }
    }
    for (const m of monitorsFor('staging')) expect(new URL(m.url).protocol).toBe('https:');
    for (const m of monitorsFor('development')) expect(new URL(m.url).hostname).toBe('127.0.0.1');
  });

  // Inhibitions compare a probe alert's `service` with the service label of the API's and the
  // exporter's own alerts: a monitor must name them exactly as those alerts do.
  it('name their services as the alert rules do', () => {
    expect(monitors.apiHealth.service).toBe(jobs.api);
    expect(monitors.apiReady.service).toBe(jobs.api);
    expect(monitors.minioConsole.service).toBe(dependencies.minio);
    expect(monitors.relayPipeline.service).toBe(otherJobs.relay);
  });
});
