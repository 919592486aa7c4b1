/** Helpers the conformance tests share: start a simulator and connect jsforce to it as the product does. */
import { Connection } from "jsforce";
import type { SalesforceSimulator } from "./index";
import { startSalesforceSimulator } from "./index";

export const API_VERSION = "62.0";

export interface Connected {
  readonly sim: SalesforceSimulator;
  readonly conn: Connection;
  readonly orgId: string;
  readonly refreshToken: string;
}

/** A jsforce connection with OAuth client details and a refresh token, so it refreshes expired sessions by itself. */
export function connect(sim: SalesforceSimulator, options: { version?: string; username?: string } = {}): Connection & { refreshTokenValue: string } {
  const tokens = sim.control.issueRefreshToken(sim.defaultApp.clientId, options.username ?? sim.defaultOrg.admin.username);
  const conn = new Connection({
    oauth2: {
      loginUrl: sim.url,
      clientId: sim.defaultApp.clientId,
      clientSecret: sim.defaultApp.clientSecret,
      redirectUri: `${sim.url}/_callback`,
    },
    instanceUrl: tokens.instanceUrl,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    version: options.version ?? API_VERSION,
  });
  return Object.assign(conn, { refreshTokenValue: tokens.refreshToken });
}

export async function startConnected(): Promise<Connected> {
  const sim = await startSalesforceSimulator();
  const conn = connect(sim);
  return { sim, conn, orgId: sim.defaultOrg.orgId, refreshToken: conn.refreshTokenValue };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: PromiseLike<unknown>): Promise<Error & { errorCode?: string; data?: unknown; name: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { errorCode?: string; data?: unknown };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** A bearer-authenticated fetch against the simulator's data API. */
export async function api(
  sim: SalesforceSimulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const res = await fetch(`${sim.url}${path.startsWith("/services") ? path : `/services/data/v${API_VERSION}${path}`}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
