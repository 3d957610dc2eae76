import { Pool } from 'pg';
import { withAbortableClient } from '../../../exporter/src/pg/abortable-client';
import { ADMIN_URL } from '../../support/postgres';

let pool: Pool;
beforeEach(() => {
  pool = new Pool({ connectionString: ADMIN_URL, max: 2, application_name: 'abortable-client-test' });
});
afterEach(() => pool.end());

const never = () => new AbortController().signal;

describe('withAbortableClient', () => {
  it('returns the work’s result and keeps the connection for next time', async () => {
    const one = await withAbortableClient(
      pool,
      never(),
      async (c) => (await c.query('SELECT 1 AS n')).rows[0],
    );
    expect(one).toEqual({ n: 1 });
    expect([pool.totalCount, pool.idleCount]).toEqual([1, 1]);
  });

  it('destroys the connection after a failed query, and rejects with its error', async () => {
    await expect(withAbortableClient(pool, never(), (c) => c.query('SELECT nope'))).rejects.toThrow(
      /column "nope" does not exist/,
    );
    expect(pool.totalCount).toBe(0);
  });

  it('destroys the connection of a query the signal abandons, freeing the pool slot at once', async () => {
    const controller = new AbortController();
    const sleeping = withAbortableClient(pool, controller.signal, (c) => c.query('SELECT pg_sleep(5)'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort(new Error('deadline'));
    await expect(sleeping).rejects.toThrow();
    expect(pool.totalCount).toBe(0);
    // The pool still works: a new connection for the next caller.
    await expect(withAbortableClient(pool, never(), (c) => c.query('SELECT 1'))).resolves.toBeDefined();
  });

  it('does not start the work when the signal fired while connecting, and keeps the connection', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const work = jest.fn();
    await expect(withAbortableClient(pool, controller.signal, work)).rejects.toThrow('too late');
    expect(work).not.toHaveBeenCalled();
    expect([pool.totalCount, pool.idleCount]).toEqual([1, 1]);
  });
});
