import { runCommand } from '../../../alerting/jobs/run-command';

describe('runCommand', () => {
  it('returns the exit code and the measured duration', async () => {
    const result = await runCommand(['sh', '-c', 'sleep 0.2; exit 3']);
    expect(result.exitCode).toBe(3);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.2);
    // Seconds, not milliseconds: 0.2 s can take longer on a loaded machine, never the test's 20 s.
    expect(result.durationSeconds).toBeLessThan(20);
    expect(result.startError).toBeUndefined();
  });

  it('passes the arguments unchanged', async () => {
    expect(
      (await runCommand(['sh', '-c', '[ "$1" = "a b" ] && [ "$2" = "--x" ]', 'sh', 'a b', '--x'])).exitCode,
    ).toBe(0);
  });

  it('reports 127 when the command cannot be started, as a shell would', async () => {
    const result = await runCommand(['/nonexistent/backup.sh']);
    expect(result.exitCode).toBe(127);
    expect(result.startError).toMatch(/ENOENT/);
  });

  it('reports 128 + the signal number when a signal killed the command', async () => {
    expect((await runCommand(['sh', '-c', 'kill -TERM $$'])).exitCode).toBe(143);
    expect((await runCommand(['sh', '-c', 'kill -KILL $$'])).exitCode).toBe(137);
  });
});
