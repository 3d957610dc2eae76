/**
 * The status page as a person sees it: headless Chromium (Debian's) on the page served from a real
 * Prometheus and blackbox_exporter probing one target up and one down (support/live-stack.ts).
 * States, bars and the incident as rendered; no console errors; axe-core finds no violation, in
 * light and dark; no horizontal overflow at 375 px and 1280 px.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { capturedLogger } from '../support/captured-logger';
import { browserMissing, launchChromium } from './support/browser';
import { type LiveStack, refreshUntil, startLiveStack } from './support/live-stack';

const missing = browserMissing();
if (missing) console.warn(missing);
const maybe = missing ? describe.skip : describe;

// The alert fires within seconds; incidents are read on a one-minute grid.
jest.setTimeout(200_000);

interface PageFacts {
  banner: string;
  monitors: {
    name: string;
    state: string;
    bars: number;
    /** The bars' classes, oldest first. */
    levels: string[];
    todayTitle: string;
    barsWide: number;
  }[];
  incidents: string[];
  /** How far the document is wider than the window (0: no horizontal scrolling). */
  overflow: number;
}

/** Run in the page (a string: the tests compile without the DOM's types). */
const PAGE_FACTS = `(() => {
  const sections = [...document.querySelectorAll('section.monitor')];
  return {
    banner: document.querySelector('.banner').textContent,
    monitors: sections.map((section) => ({
      name: section.querySelector('h2').textContent,
      state: section.querySelector('.state').textContent,
      bars: section.querySelectorAll('.bars li').length,
      levels: [...section.querySelectorAll('.bars li')].map((li) => li.className.replace('bar ', '')),
      todayTitle: section.querySelector('.bars li:last-child').getAttribute('title'),
      barsWide: section.querySelector('.bars').getBoundingClientRect().width,
    })),
    incidents: [...document.querySelectorAll('.incidents li')].map((li) => li.textContent),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
})()`;

maybe('the status page in Chromium', () => {
  let stack: LiveStack;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'status-browser-'));
    stack = await startLiveStack({ logger: capturedLogger().logger, dir, withHistory: true });
    await refreshUntil(
      stack,
      "both probes and the down monitor's ongoing incident",
      (json) => json.monitors.every((m) => m.state !== 'unknown') && json.incidents.some((i) => i.ongoing),
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page at `width`, with its console errors and uncaught exceptions collected. */
  async function open(
    width: number,
    scheme: 'light' | 'dark' = 'light',
  ): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.setViewport({ width, height: 900 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.goto(`${stack.url}/`, { waitUntil: 'load' });
    return { page, errors };
  }

  test.each([375, 1280])(
    'at %i px: states, bars and the incident, no overflow, no console error',
    async (width) => {
      const { page, errors } = await open(width);
      const seen = (await page.evaluate(PAGE_FACTS)) as PageFacts;
      expect(seen.banner).toContain('Some services are down');
      expect(seen.monitors).toEqual([
        expect.objectContaining({ name: stack.down.friendlyName, state: 'Down', bars: 90 }),
        expect.objectContaining({ name: stack.up.friendlyName, state: 'Operational', bars: 90 }),
      ]);
      // Today from the live probes; the days before from the history (PAST_OUTAGES): 2 h down is
      // 91.7 % (partial), 30 min 97.9 % (partial), 6 h 75 % (low), 10 min 99.3 % (high).
      const [down, up] = seen.monitors as [PageFacts['monitors'][number], PageFacts['monitors'][number]];
      const daysAgo = (levels: string[], n: number) => levels[levels.length - 1 - n];
      expect(daysAgo(down.levels, 0)).toBe('low');
      expect(down.todayTitle).toMatch(/: 0\.00 % of probes successful$/);
      expect([3, 20, 60].map((n) => daysAgo(down.levels, n))).toEqual(['partial', 'partial', 'low']);
      expect(down.levels.filter((level) => level === 'full')).toHaveLength(86);
      expect(daysAgo(up.levels, 0)).toBe('full');
      expect(up.todayTitle).toMatch(/: 100\.00 % of probes successful$/);
      expect(daysAgo(up.levels, 10)).toBe('high');
      expect(up.levels.filter((level) => level === 'full')).toHaveLength(89);
      // The live outage first (ongoing), then the past ones, newest first, with start, end and duration.
      expect(seen.incidents).toHaveLength(5);
      expect(seen.incidents[0]).toMatch(
        new RegExp(`^${stack.down.friendlyName}: Outage \\(ServiceDown\\)since .*, ongoing`),
      );
      expect(seen.incidents[1]).toMatch(
        new RegExp(`^${stack.down.friendlyName}: Outage \\(ServiceDown\\).* 10:00 to .* 12:00, 2 h$`),
      );
      expect(seen.incidents[2]).toMatch(
        new RegExp(`^${stack.up.friendlyName}: Outage \\(WebsiteDown\\).* 14:00 to .* 14:10, 10 min$`),
      );
      for (const monitor of seen.monitors) expect(monitor.barsWide).toBeLessThanOrEqual(width);
      expect(seen.overflow).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  test.each(['light', 'dark'] as const)('axe-core finds no accessibility violation (%s)', async (scheme) => {
    const { page, errors } = await open(1280, scheme);
    // The page's CSP allows no script: axe is injected by the browser's debugging protocol around it.
    await page.setBypassCSP(true);
    await page.reload({ waitUntil: 'load' });
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(
      'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html).slice(0, 3) })))',
    );
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
