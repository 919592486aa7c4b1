import { lookup as dnsLookup } from "node:dns";
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from "node:dns";
import { isIP } from "node:net";
import type { NetworkList } from "./addressRanges";
import { isSpecialAddress } from "./addressRanges";

/**
 * The one rule for every server a user or admin names (a service account's EWS URL, an Autodiscover host, a rep's own
 * Exchange): https only, so no credentials ever leave before TLS; no user:password in the URL; and no loopback,
 * private or link-local address unless the operator opened that network (ALLOWED_PRIVATE_NETWORKS), because otherwise
 * anyone with an admin role in any tenant could make the server probe its own network. Addresses are checked when the
 * connection is made (the socket's own DNS lookup goes through the fence), so a name that resolves to a public address
 * when the form is checked and to 127.0.0.1 a second later (DNS rebinding) is still refused.
 */
export interface ServerFence {
  /** Networks the operator opened (a company-internal deployment, the demo world and tests on loopback). */
  readonly allowedPrivate: NetworkList;
}

/** A named server the rule refuses; `field` is the request field that named it, for a 400 that says which. */
export class ServerRefusedError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ServerRefusedError";
  }
}

/**
 * What the user reads when nothing usable answered: the same words whether the port was closed, the host did not
 * resolve or timed out, or something answered that is not Exchange, so the form cannot be used to map a network.
 */
export const unreachableText = (url: string): string =>
  `No Exchange server answered at ${url}. Check the address, and that the server is reachable from the sync server over HTTPS.`;

/** Why the rule refuses this address, or null when it may be reached. */
export function addressRefusal(ip: string, fence: ServerFence): string | null {
  if (!isSpecialAddress(ip) || fence.allowedPrivate.contains(ip)) return null;
  return `${ip} is a loopback, private or link-local address, which the server does not reach unless its operator lists the network in ALLOWED_PRIVATE_NETWORKS`;
}

/** Checks the URL's form (https, no credentials, an allowed address when it is an IP literal); answers it parsed. */
export function checkServerUrl(raw: string, field: string, fence: ServerFence): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ServerRefusedError(field, "must be an https:// URL such as https://mail.contoso.com/EWS/Exchange.asmx");
  }
  if (url.protocol !== "https:") throw new ServerRefusedError(field, `must be an https:// URL (got ${url.protocol}): credentials are only ever sent over TLS`);
  if (url.username || url.password) throw new ServerRefusedError(field, "must not carry a user name or password; enter them in their own fields");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const refused = addressRefusal(host, fence);
    if (refused) throw new ServerRefusedError(field, refused);
  }
  return url;
}

/** A host name or URL as an admin types it for Autodiscover ("mail.contoso.com", "https://mail.contoso.com/..."). */
export function checkServerHost(raw: string, field: string, fence: ServerFence): URL {
  const text = raw.trim();
  return checkServerUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(file|mailto|data):/i.test(text) ? text : `https://${text}`, field, fence);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type FencedLookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => void;

/**
 * A DNS lookup for sockets (http.request's and axios's `lookup` option): resolves the name, refuses it when any of its
 * addresses is fenced off (an attacker's name may list a public and a private address), and hands the socket only
 * addresses it checked, so the connection goes where the check looked.
 */
export function fencedLookup(fence: ServerFence, resolve: typeof dnsLookup = dnsLookup): FencedLookup {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const refused = list.map((a) => addressRefusal(a.address, fence)).find((r) => r !== null);
      if (refused || list.length === 0) {
        return callback(Object.assign(new Error(`${hostname}: ${refused ?? "no address"}`), { code: "EADDRFENCED" }), []);
      }
      if (options.all) return callback(null, list);
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

/** Resolves a named server before anything is sent, so a refused one is a 400 naming the field, not a failed probe. */
export async function checkServerAddresses(url: URL, field: string, fence: ServerFence, resolve: typeof dnsLookup = dnsLookup): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return;
  const lookup = fencedLookup(fence, resolve);
  await new Promise<void>((done, fail) =>
    lookup(host, { all: true }, (err) => {
      if (!err) return done();
      // A name that does not resolve gets the same words as a closed port; a fenced one says why.
      if ((err as NodeJS.ErrnoException).code === "EADDRFENCED") fail(new ServerRefusedError(field, err.message));
      else fail(new ServerRefusedError(field, unreachableText(url.href)));
    }),
  );
}
