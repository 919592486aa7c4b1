import type { EntraWorld, WorldUser } from "../simulators/world/entraWorld";
import { startEntraWorld } from "../simulators/world/entraWorld";
import type { StoreKind } from "./databases";
import { reservePort } from "./ports";
import type { TestServer } from "./serverHarness";
import { startTestServer } from "./serverHarness";
import { apiToken } from "./signIn";

/**
 * The server in this process with the Entra world registered for its URL: what every test of the HTTP surface
 * (bad input, rate limits, hardening, connecting, caller tokens) starts from. The port is reserved before the world
 * registers the app's redirect URIs, and handed to the server bound.
 */
export interface EntraServer {
  readonly world: EntraWorld;
  readonly ts: TestServer;
  readonly url: string;
  readonly port: number;
  /** An access token for this server's API, as the sidebar gets one, for a user of the world. */
  token(user: WorldUser): Promise<string>;
  dispose(): Promise<void>;
}

export async function startEntraServer(options: { store?: StoreKind; env?: Record<string, string> } = {}): Promise<EntraServer> {
  const reserved = await reservePort();
  const url = `https://localhost:${reserved.port}`;
  let world: EntraWorld | null = null;
  try {
    world = await startEntraWorld(url);
    const ts = await startTestServer({ store: options.store ?? "embedded", port: reserved, env: { ...world.env, ...options.env } });
    const w = world;
    return {
      world: w,
      ts,
      url,
      port: reserved.port,
      token: (user) => apiToken(w, user, url),
      async dispose() {
        await ts.dispose();
        await w.entra.close();
      },
    };
  } catch (err) {
    // Nothing took the socket over: let the port go, and the world with it.
    reserved.socket.close();
    await world?.entra.close();
    throw err;
  }
}
