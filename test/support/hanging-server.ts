import { createServer, type Socket } from 'node:net';

export interface HangingServer {
  port: number;
  /** Connections the clients have not closed yet: a client that gives up must close its socket. */
  openConnections(): number;
  close(): Promise<void>;
}

/** A TCP server that accepts connections and never answers: a hung database, cache or S3. */
export function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // clients resetting the connection is expected
    // Swallow what clients send, so their closing (FIN after the data) is seen and counted.
    socket.resume();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        openConnections: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * Starts a hanging server before each test of the enclosing `describe` and closes it after;
 * call the returned function inside a test to get the current one.
 */
export function hangingServerEachTest(): () => HangingServer {
  let current: HangingServer | undefined;
  beforeEach(async () => {
    current = await startHangingServer();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('hangingServerEachTest(): no server outside a test');
    return current;
  };
}
