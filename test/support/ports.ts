import type { Server } from "node:net";
import { createServer } from "node:net";

/**
 * A port bound and kept: the socket listens from here on, so nothing else can take the port between a test learning
 * it and the server using it (the server takes the socket over: StartOptions.listenOn). The public URL, the
 * redirect URIs registered in Entra and the server's PORT can all name it before the server starts.
 */
export interface ReservedPort {
  readonly port: number;
  readonly socket: Server;
}

export async function reservePort(port = 0, host = "127.0.0.1"): Promise<ReservedPort> {
  const socket = createServer();
  await new Promise<void>((resolve, reject) => {
    socket.once("error", (err) => reject(new Error(`could not bind ${host}:${port}: ${err.message}`)));
    socket.listen(port, host, () => resolve());
  });
  const address = socket.address();
  return { port: typeof address === "object" && address ? address.port : port, socket };
}

/** A port that was bound a moment ago and is closed now: where nothing answers, for tests of a refused connection. */
export async function portNobodyListensOn(): Promise<number> {
  const { port, socket } = await reservePort();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * A port that was free a moment ago, for a product started outside demo mode in another process (its public URL is
 * derived from PORT, so it cannot yet take port 0 and report it). Racy by nature: prefer reservePort or port 0.
 */
export async function freePort(): Promise<number> {
  return portNobodyListensOn();
}
