import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP relay to 127.0.0.1:`targetPort` whose link the test can cut and restore, as a network drop or a database restart would. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection and refuses new ones (ECONNREFUSED), until restore. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  /** Stops relaying without closing anything, as a host that vanished from the network: every statement hangs. */
  stall(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let stalled = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const makeServer = (): Server =>
    createServer((client) => {
      track(client);
      if (stalled) {
        client.pause();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  const stop = (server: Server) =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });

  let server = makeServer();
  const port = await listen(server, 0);
  let open = true;
  return {
    port,
    async cut() {
      if (!open) return;
      open = false;
      await stop(server);
    },
    async restore() {
      if (open) return;
      server = makeServer();
      await listen(server, port);
      open = true;
    },
    stall() {
      stalled = true;
      for (const socket of sockets) socket.unpipe().pause();
    },
    async close() {
      if (open) await stop(server);
      open = false;
    },
  };
}
