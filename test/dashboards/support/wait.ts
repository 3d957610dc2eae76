import { setTimeout as sleep } from 'node:timers/promises';

/** Polls the async `condition` every 200 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitForAsync(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
