import { waitFor } from '../../support/wait';

/**
 * waitFor (test/support/wait.ts) with the pace of a real server's API: polls the async `condition`
 * every 200 ms until it holds; fails naming `what` after `timeoutMs`.
 */
export const waitForAsync = (
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> => waitFor(what, condition, timeoutMs, 200);
