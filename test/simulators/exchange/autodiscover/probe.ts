/**
 * The unauthenticated GET of /autodiscover/autodiscover.xml that clients (ews-javascript-api's
 * TryGetEnabledEndpointsForHost) send to learn which Autodiscover endpoints a host offers. Exchange answers 401 and
 * advertises the SOAP endpoint and its auth flavours in X-* headers; the client only checks that they are non-empty.
 */
import type { IncomingMessage } from "node:http";
import type { EwsReply } from "../ews/pipeline";
import type { AutodiscoverDeps } from "./soap";
import { handlePoxAutodiscover } from "./pox";

export const ENDPOINT_HEADERS = {
  "X-SOAP-Enabled": "True",
  "X-WSSecurity-Enabled": "True",
  "X-WSSecurity-For": "None",
  "X-OAuth-Enabled": "True",
} as const;

export async function handleAutodiscoverGet(req: IncomingMessage, deps: AutodiscoverDeps): Promise<EwsReply> {
  const auth = await deps.authenticate(req);
  if (!auth.ok) {
    return { status: 401, headers: { ...auth.rejection.headers, ...ENDPOINT_HEADERS }, body: "" };
  }
  // Authenticated GET is not a valid POX request (no body): Exchange answers POX error 600.
  return handlePoxAutodiscover(req, "", deps);
}
