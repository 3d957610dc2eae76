import { createServer } from 'node:net';
import { freePort } from '../../support/ports';
import { startServiceProcess } from '../../support/service-process';

const FIXTURE = 'test/lib/http/fixtures/serve-main.ts';

describe('serve', () => {
  it('says it listens, serves, and on SIGTERM closes its resources and exits 0', async () => {
    const port = await freePort();
    const service = startServiceProcess(FIXTURE, { PORT: String(port) });
    try {
      await service.waitForLine((line) => line.message === 'Fixture listening', 20_000);
      expect(service.lines).toContainEqual(expect.objectContaining({ port, version: '9.9.9' }));
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello');
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      const messages = service.lines.map((line) => (line as { message?: string }).message);
      expect(messages).toEqual(expect.arrayContaining(['Resources closed', 'Shutdown complete']));
    } finally {
      await service.kill();
    }
  });

  it('logs CRITICAL and exits 1 when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    const service = startServiceProcess(FIXTURE, { PORT: String(port) });
    try {
      expect(await service.exited).toBe(1);
      expect(service.lines).toContainEqual(
        expect.objectContaining({ level: 'CRITICAL', message: 'Fixture cannot listen', port }),
      );
    } finally {
      await service.kill();
      taken.close();
    }
  });
});
