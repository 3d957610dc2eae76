/**
 * For tests that a call is bounded by its timeout (against a server that never answers, a probe that
 * never settles): the outcome already says so (the reason names the timeout), and the elapsed time
 * is only checked against this margin, far above any timeout under test, so that a loaded 2-core
 * machine cannot fail the test while an unbounded wait (10 s client defaults, forever) still does.
 * No test asserts that something is fast; speed goals live in bench/.
 */
export const LOAD_MARGIN_MS = 5_000;
