/**
 * npm run status:screenshot
 *
 * Screenshots of the status page for the README, at a phone's width (375 px) and a laptop's
 * (1280 px), written to docs/status-page-<width>.png. The page is the browser test's: real
 * blackbox_exporter probes of one local target up and one down, read by a real Prometheus that
 * starts with 89 days of history (test/status/support/live-stack.ts), in Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogger } from '../../lib/logging/logger';
import { launchChromium } from '../../test/status/support/browser';
import { refreshUntil, startLiveStack } from '../../test/status/support/live-stack';

const WIDTHS = [375, 1280];
const DOCS = join(__dirname, '..', '..', 'docs');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'status-screenshot-'));
  const logger = createLogger({
    app: 'status',
    env: 'development',
    level: 'error',
    destination: pino.destination(2),
  });
  const stack = await startLiveStack({ logger, dir, withHistory: true });
  try {
    await refreshUntil(
      stack,
      'both probes and the ongoing incident',
      (json) => json.monitors.every((m) => m.state !== 'unknown') && json.incidents.some((i) => i.ongoing),
    );
    const browser = await launchChromium();
    try {
      for (const width of WIDTHS) {
        const page = await browser.newPage();
        await page.setViewport({ width, height: 800 });
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
        await page.goto(`${stack.url}/`, { waitUntil: 'load' });
        const path = join(DOCS, `status-page-${width}.png`) as `${string}.png`;
        await page.screenshot({ path, fullPage: true });
        console.log(`status:screenshot: wrote ${path}`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`status:screenshot: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
