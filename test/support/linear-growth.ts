/**
 * How the cost of `run` grows with its input, for "runs in linear time" tests that no loaded machine
 * can fail: the input grows 100x, so linear work grows ~100x and quadratic work ~10,000x; a bound
 * between the two (1,000x, the geometric middle) is 10x away from both.
 *
 * The cost is this process's CPU time, not the wall clock: time spent waiting for the other agents'
 * processes on a shared core is not counted. Each size keeps the cheapest of a few runs (after a
 * warm-up, so the JIT compiles before the small input is measured), because load only ever adds.
 */
export const SMALL_SIZE = 2_000;
export const LARGE_SIZE = 200_000;
/** Growth above this is not linear; linear sits near 100, quadratic near 10,000. */
export const LINEAR_GROWTH_BOUND = 1_000;

const RUNS = 3;

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function cheapest(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const started = cpuMicros();
    run();
    best = Math.min(best, cpuMicros() - started);
  }
  return best;
}

/** Cost at LARGE_SIZE over cost at SMALL_SIZE; `make(size)` builds an input of about `size` chars. */
export function growth(make: (size: number) => string, run: (text: string) => unknown): number {
  const small = make(SMALL_SIZE);
  const large = make(LARGE_SIZE);
  run(small);
  // A floor of 50 µs keeps a too-fast small run (below the clock's resolution) from inflating it.
  return (
    cheapest(() => run(large)) /
    Math.max(
      cheapest(() => run(small)),
      50,
    )
  );
}
