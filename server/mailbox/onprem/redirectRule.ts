/**
 * Which Autodiscover redirects we follow. An attacker who answers for a domain (a hijacked autodiscover.* name, a
 * hostile Wi-Fi's plain-http probe) would otherwise receive the rep's password, so, as Microsoft asks clients to:
 * https only, at most `maxHops` redirects (Microsoft's clients stop at 10), never the same URL twice, and a host outside
 * the address's own domain only after the rep confirmed it.
 */
export interface RedirectContext {
  /** The email address's domain, lower-case. */
  readonly domain: string;
  readonly hops: number;
  readonly maxHops: number;
  readonly visited: ReadonlySet<string>;
  /** Hosts outside the domain that the rep confirmed (the form shows the host and asks). */
  readonly confirmedHosts: ReadonlySet<string>;
}

export type RedirectRefusal = "not_https" | "loop" | "too_many_hops" | "other_domain" | "bad_url";

export type RedirectVerdict = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly refusal: RedirectRefusal; readonly host: string; readonly message: string };

export function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  return h === domain || h.endsWith(`.${domain}`);
}

export function checkRedirect(target: string, c: RedirectContext): RedirectVerdict {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, refusal: "bad_url", host: "", message: `a redirect to "${target.slice(0, 200)}", which is not a URL, was refused` };
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== "https:") return { ok: false, refusal: "not_https", host, message: `a redirect to ${url.origin} was refused: only https is followed` };
  if (c.hops >= c.maxHops) return { ok: false, refusal: "too_many_hops", host, message: `more than ${c.maxHops} redirects; stopped at ${url.host}` };
  if (c.visited.has(url.href)) return { ok: false, refusal: "loop", host, message: `the redirects loop back to ${url.href}` };
  if (!inDomain(host, c.domain) && !c.confirmedHosts.has(host)) {
    return { ok: false, refusal: "other_domain", host, message: `a redirect to ${host}, outside ${c.domain}, needs your confirmation` };
  }
  return { ok: true, url: url.href };
}
