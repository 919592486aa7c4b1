import type { HostResolver } from "./hostResolver";
import type { PoxAnswer } from "./poxAutodiscover";
import { poxRequest, readPoxAnswer } from "./poxAutodiscover";
import { checkRedirect, inDomain } from "./redirectRule";
import type { UserServerHttp } from "./userServerHttp";
import { UserServerError } from "./userServerHttp";

export interface DiscoveryRequest {
  readonly email: string;
  /** Sent with Basic, over TLS only (the POX endpoints are reached only over https). */
  readonly username: string;
  readonly password: string;
  /** Hosts outside the address's domain the rep confirmed as redirect targets. */
  readonly confirmedHosts?: readonly string[];
}

export interface DiscoveryDeps {
  readonly http: UserServerHttp;
  readonly resolver: HostResolver;
  /** Deadline of each step (one request or one DNS query). */
  readonly stepTimeoutMs: number;
  readonly maxHops: number;
  /** A redirect to an address in one of these domains means the mailbox lives in Exchange Online. */
  readonly onlineDomains: readonly string[];
}

/** One thing we tried, in words for the rep and support ("https://contoso.com/autodiscover/autodiscover.xml: no answer"). */
export interface DiscoveryStep {
  readonly at: string;
  readonly result: string;
}

export type DiscoveryOutcome =
  | { readonly kind: "onprem"; readonly ewsUrl: string; readonly steps: readonly DiscoveryStep[] }
  | { readonly kind: "online"; readonly steps: readonly DiscoveryStep[] }
  | {
      readonly kind: "failed";
      readonly steps: readonly DiscoveryStep[];
      /** The optional form field that would help: the EWS URL, or the DOMAIN\username when the server refused the sign-in. */
      readonly field: "ewsUrl" | "username";
      /** A redirect refused because it leaves the domain: the rep may confirm this host and try again. */
      readonly unconfirmedHost: string | null;
      readonly message: string;
    };

type Attempt = { readonly kind: "done"; readonly outcome: DiscoveryOutcome } | { readonly kind: "next" };

/**
 * Autodiscover in the order Microsoft documents for clients outside the customer's Active Directory (no SCP lookup):
 * POX at https://{domain}/ and https://autodiscover.{domain}/, then the unauthenticated http GET of
 * autodiscover.{domain} whose 302 names the real endpoint, then the SRV record _autodiscover._tcp.{domain}. Every
 * redirect is checked (redirectRule.ts); every step has a deadline; failure says everything that was tried.
 */
export class AutodiscoverChain {
  private readonly steps: DiscoveryStep[] = [];
  private readonly visited = new Set<string>();
  private hops = 0;
  private unauthorized = false;
  private unconfirmedHost: string | null = null;
  private email: string;
  private readonly domain: string;
  private readonly confirmed: ReadonlySet<string>;

  constructor(
    private readonly d: DiscoveryDeps,
    private readonly r: DiscoveryRequest,
  ) {
    this.email = r.email.trim().toLowerCase();
    this.domain = this.email.split("@")[1] ?? "";
    this.confirmed = new Set((r.confirmedHosts ?? []).map((h) => h.toLowerCase()));
  }

  async run(): Promise<DiscoveryOutcome> {
    const domain = this.domain;
    for (const url of [`https://${domain}/autodiscover/autodiscover.xml`, `https://autodiscover.${domain}/autodiscover/autodiscover.xml`]) {
      const a = await this.post(url);
      if (a.kind === "done") return a.outcome;
    }
    const probed = await this.redirectProbe(`http://autodiscover.${domain}/autodiscover/autodiscover.xml`);
    if (probed.kind === "done") return probed.outcome;
    const srv = await this.srv(`_autodiscover._tcp.${domain}`);
    if (srv.kind === "done") return srv.outcome;
    return this.failed();
  }

  private note(at: string, result: string): void {
    this.steps.push({ at, result });
  }

  private async post(url: string): Promise<Attempt> {
    this.visited.add(url);
    let answer;
    try {
      answer = await this.d.http.request({
        url,
        method: "POST",
        headers: { "Content-Type": "text/xml; charset=utf-8", Authorization: `Basic ${Buffer.from(`${this.r.username}:${this.r.password}`).toString("base64")}` },
        body: poxRequest(this.email),
        timeoutMs: this.d.stepTimeoutMs,
      });
    } catch (err) {
      this.note(url, err instanceof UserServerError ? err.message : "no answer");
      return { kind: "next" };
    }
    if (answer.status === 401) {
      // Documented: 401 means try the next URL; remembered, since it usually means the sign-in name is not the address.
      this.unauthorized = true;
      this.note(url, "refused the sign-in (401)");
      return { kind: "next" };
    }
    if (answer.status === 301 || answer.status === 302) return this.follow(url, String(answer.headers.location ?? ""));
    if (answer.status !== 200) {
      this.note(url, `answered HTTP ${answer.status}`);
      return { kind: "next" };
    }
    return this.read(url, readPoxAnswer(answer.body));
  }

  private async read(url: string, a: PoxAnswer): Promise<Attempt> {
    switch (a.kind) {
      case "settings":
        this.note(url, a.online ? "the mailbox is in Exchange Online" : `EWS at ${a.ewsUrl}`);
        return { kind: "done", outcome: a.online ? { kind: "online", steps: this.steps } : { kind: "onprem", ewsUrl: a.ewsUrl, steps: this.steps } };
      case "redirect_url":
        return this.follow(url, a.url);
      case "redirect_address":
        return this.redirectAddress(url, a.address);
      case "error":
        this.note(url, `Autodiscover error ${a.code}${a.message ? `: ${a.message}` : ""}`);
        return { kind: "next" };
    }
  }

  /** A redirect to another address: in the Microsoft cloud it means the mailbox moved there; otherwise ask again for it. */
  private async redirectAddress(from: string, address: string): Promise<Attempt> {
    const to = address.trim().toLowerCase();
    const toDomain = to.split("@")[1] ?? "";
    if (this.d.onlineDomains.some((d) => inDomain(toDomain, d))) {
      this.note(from, `the mailbox is in Exchange Online (${to})`);
      return { kind: "done", outcome: { kind: "online", steps: this.steps } };
    }
    if (this.hops >= this.d.maxHops || !toDomain) {
      this.note(from, `more than ${this.d.maxHops} redirects`);
      return { kind: "next" };
    }
    if (!inDomain(toDomain, this.domain) && !this.confirmed.has(toDomain)) {
      this.note(from, `a redirect to ${to}, outside ${this.domain}, needs your confirmation`);
      this.unconfirmedHost = toDomain;
      return { kind: "next" };
    }
    this.hops += 1;
    this.email = to;
    return this.post(`https://autodiscover.${toDomain}/autodiscover/autodiscover.xml`);
  }

  private async follow(from: string, location: string): Promise<Attempt> {
    const v = checkRedirect(location, { domain: this.domain, hops: this.hops, maxHops: this.d.maxHops, visited: this.visited, confirmedHosts: this.confirmed });
    if (!v.ok) {
      this.note(from, v.message);
      if (v.refusal === "other_domain") this.unconfirmedHost = v.host;
      return { kind: "next" };
    }
    this.hops += 1;
    this.note(from, `redirects to ${v.url}`);
    return this.post(v.url);
  }

  private async redirectProbe(url: string): Promise<Attempt> {
    let answer;
    try {
      answer = await this.d.http.request({ url, method: "GET", timeoutMs: this.d.stepTimeoutMs, plainProbe: true });
    } catch (err) {
      this.note(url, err instanceof UserServerError ? err.message : "no answer");
      return { kind: "next" };
    }
    if (answer.status !== 301 && answer.status !== 302) {
      this.note(url, `answered HTTP ${answer.status}, not a redirect`);
      return { kind: "next" };
    }
    return this.follow(url, String(answer.headers.location ?? ""));
  }

  private async srv(name: string): Promise<Attempt> {
    let records;
    try {
      records = await withDeadline(this.d.resolver.resolveSrv(name), this.d.stepTimeoutMs);
    } catch {
      this.note(`DNS SRV ${name}`, "the lookup failed");
      return { kind: "next" };
    }
    if (records.length === 0) {
      this.note(`DNS SRV ${name}`, "no record");
      return { kind: "next" };
    }
    // Lowest priority first, then the heaviest weight (RFC 2782 without the random draw: one answer is enough).
    const sorted = [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    this.note(`DNS SRV ${name}`, sorted.map((r) => `${r.name}:${r.port}`).join(", "));
    for (const rec of sorted) {
      const target = rec.name.replace(/\.$/, "");
      const a = await this.follow(`DNS SRV ${name}`, `https://${target}${rec.port === 443 ? "" : `:${rec.port}`}/autodiscover/autodiscover.xml`);
      if (a.kind === "done") return a;
    }
    return { kind: "next" };
  }

  private failed(): DiscoveryOutcome {
    const field = this.unauthorized ? "username" : "ewsUrl";
    const ask =
      field === "username"
        ? "Your Exchange server refused the sign-in with your email address: ask IT for your Windows sign-in name (DOMAIN\\username) and enter it, or the EWS URL."
        : "Ask IT for your Exchange server's EWS URL (like https://mail.company.com/EWS/Exchange.asmx) and enter it.";
    const confirm = this.unconfirmedHost ? ` If ${this.unconfirmedHost} is your company's Exchange server, confirm it and try again.` : "";
    return {
      kind: "failed",
      steps: this.steps,
      field,
      unconfirmedHost: this.unconfirmedHost,
      // What was tried goes beside the message (steps), not in it: the pane lists it under the sentence that asks for a field.
      message: `We could not find your Exchange server automatically. ${ask}${confirm}`,
    };
  }
}

export function discoverMailbox(d: DiscoveryDeps, r: DiscoveryRequest): Promise<DiscoveryOutcome> {
  return new AutodiscoverChain(d, r).run();
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
