import { gunzipSync } from 'node:zlib';
import { Counter, Gauge } from 'prom-client';
import { createRegistry } from '../../../lib/metrics/registry';
import { createScrapeCache } from '../../../lib/metrics/scrape-cache';

function setup(maxAgeMs: number) {
  const registry = createRegistry({ defaultMetrics: false });
  const events = new Counter({ name: 'demo_events_total', help: 'Demo events.', registers: [registry] });
  let collects = 0;
  new Gauge({
    name: 'demo_collects',
    help: 'Times the registry was read.',
    registers: [registry],
    collect() {
      collects++;
      this.set(collects);
    },
  });
  let clock = 1_000_000;
  const cache = createScrapeCache(registry, { maxAgeMs, now: () => clock });
  return {
    cache,
    registry,
    events,
    collects: () => collects,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('createScrapeCache', () => {
  it('answers the scrapes of the next maxAgeMs with one rendering, then renders anew', async () => {
    const { cache, events, collects, advance } = setup(1000);
    events.inc();
    const first = await cache.get('prometheus');
    expect(first.body.toString()).toContain('demo_events_total 1\n');
    events.inc();
    advance(999);
    expect((await cache.get('prometheus')).body).toBe(first.body);
    expect(collects()).toBe(1);
    advance(1);
    expect((await cache.get('prometheus')).body.toString()).toContain('demo_events_total 2\n');
    expect(collects()).toBe(2);
  });

  it('keeps one rendering per format', async () => {
    const { cache, collects } = setup(1000);
    const text = await cache.get('prometheus');
    const open = await cache.get('openmetrics');
    expect(text.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(open.contentType).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(open.body.toString()).toContain('# TYPE demo_events counter\n');
    expect(collects()).toBe(2);
    await cache.get('openmetrics');
    expect(collects()).toBe(2);
  });

  it('with maxAgeMs 0, shares only a rendering in progress', async () => {
    const { cache, collects } = setup(0);
    const [a, b] = await Promise.all([cache.get('prometheus'), cache.get('prometheus')]);
    expect(a).toBe(b);
    expect(collects()).toBe(1);
    await cache.get('prometheus');
    expect(collects()).toBe(2);
  });

  it('gzips a rendering once, to the same text', async () => {
    const { cache } = setup(1000);
    const scrape = await cache.get('prometheus');
    const gzipped = await scrape.gzipped();
    expect(gunzipSync(gzipped)).toEqual(scrape.body);
    expect(await (await cache.get('prometheus')).gzipped()).toBe(gzipped);
  });

  it('does not keep a failed rendering: the next scrape tries again', async () => {
    const { cache, registry } = setup(60_000);
    let broken = true;
    new Gauge({
      name: 'demo_flaky',
      help: 'Fails to collect once.',
      registers: [registry],
      collect() {
        if (broken) throw new Error('collect failed');
        this.set(1);
      },
    });
    await expect(cache.get('prometheus')).rejects.toThrow('collect failed');
    broken = false;
    expect((await cache.get('prometheus')).body.toString()).toContain('demo_flaky 1\n');
  });
});
