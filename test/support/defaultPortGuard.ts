import { createServer, type Server } from "node:net";

/** What `npm start` listens on by default: the product (PORT) and its demo simulators (SIMULATOR_PORT_BASE and the next two). */
export const productDefaultPorts: readonly number[] = [3000, 4001, 4002, 4003];

export interface DefaultPortGuard {
  /** The default ports this guard holds (the others were taken already, e.g. by a running `npm start`). */
  readonly held: readonly number[];
  /** Stops holding the ports; returns one line per connection that reached one of them (empty when none did). */
  release(): Promise<string[]>;
}

/**
 * Holds the product's default ports while a suite runs, so a test that still reaches for them (a redirect to
 * https://localhost:3000, a simulator on 4001) is caught on every run, not only on a machine where `npm start` runs.
 * A port someone else holds is left alone: then that process stands in for the guard, as in the report.
 */
export async function holdDefaultPorts(ports: readonly number[] = productDefaultPorts): Promise<DefaultPortGuard> {
  const hits: string[] = [];
  const servers: Server[] = [];
  const held: number[] = [];
  for (const port of ports) {
    // localhost may be tried as ::1 or 127.0.0.1: hold both where the machine has them.
    for (const host of ["127.0.0.1", "::1"]) {
      const server = createServer((socket) => {
        hits.push(`a connection reached the default port ${port} (${host}) from ${socket.remoteAddress}:${socket.remotePort}`);
        socket.destroy();
      });
      const listening = await new Promise<boolean>((resolve) => {
        server.once("error", () => resolve(false));
        server.listen(port, host, () => resolve(true));
      });
      if (listening) {
        servers.push(server);
        if (!held.includes(port)) held.push(port);
      }
    }
  }
  return {
    held,
    release: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      return [...hits];
    },
  };
}
