/**
 * A minimal browser for the simulator's sign-in pages, on plain fetch: keeps cookies, follows redirects that stay on
 * the simulator, stops at the first redirect (or form_post page) aimed at the application, and submits the pages'
 * forms by id. Enough to drive the interactive flows without a real browser.
 */

export interface Page {
  readonly kind: "page";
  readonly status: number;
  readonly url: string;
  readonly html: string;
}

/** Where the simulator sent the browser back to the application. */
export interface AppRedirect {
  readonly kind: "redirect";
  readonly status: number;
  readonly url: string;
  /** Parameters from the query, the fragment, or the form_post body. */
  readonly params: URLSearchParams;
  readonly via: "query" | "fragment" | "form_post";
}

export type Outcome = Page | AppRedirect;

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

export interface ParsedForm {
  readonly action: string;
  readonly fields: Record<string, string>;
}

/** The form with this id (or the first form when id is omitted): its action and its hidden and prefilled inputs. */
export function parseForm(html: string, id?: string): ParsedForm {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);
  const form = id === undefined ? forms[0] : forms.find((f) => attribute(/<form\b[^>]*>/i.exec(f)?.[0] ?? "", "id") === id);
  if (!form) throw new Error(`No form ${id ?? ""} in page:\n${html.slice(0, 2000)}`);
  const openTag = /<form\b[^>]*>/i.exec(form)?.[0] ?? "";
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, "name");
    const type = attribute(input, "type") ?? "text";
    if (!name || type === "checkbox" || type === "submit") continue;
    fields[name] = attribute(input, "value") ?? "";
  }
  return { action: attribute(openTag, "action") ?? "", fields };
}

export class FormBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly simulatorUrl: string) {}

  private storeCookies(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  clearCookies(): void {
    this.cookies.clear();
  }

  private async request(url: string, init: { method: "GET" | "POST"; body?: URLSearchParams }): Promise<Outcome> {
    let current = url;
    let method = init.method;
    let body = init.body;
    for (let hops = 0; hops < 10; hops++) {
      if (!current.startsWith(this.simulatorUrl)) return this.toAppRedirect(current, 302);
      const res = await fetch(current, {
        method,
        body,
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      });
      this.storeCookies(res);
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).toString();
        method = "GET";
        body = undefined;
        continue;
      }
      const html = await res.text();
      if (/name="hiddenform"/.test(html)) {
        const form = parseForm(html);
        return { kind: "redirect", status: res.status, url: form.action, params: new URLSearchParams(form.fields), via: "form_post" };
      }
      return { kind: "page", status: res.status, url: current, html };
    }
    throw new Error(`Too many redirects starting at ${url}`);
  }

  private toAppRedirect(url: string, status: number): AppRedirect {
    const parsed = new URL(url);
    if (parsed.hash.length > 1) return { kind: "redirect", status, url, params: new URLSearchParams(parsed.hash.slice(1)), via: "fragment" };
    return { kind: "redirect", status, url, params: parsed.searchParams, via: "query" };
  }

  open(url: string): Promise<Outcome> {
    return this.request(url, { method: "GET" });
  }

  /** Submits form `formId` of the page with its hidden fields plus `fields` (a clicked button is just another field). */
  submit(page: Page, formId: string, fields: Record<string, string> = {}): Promise<Outcome> {
    const form = parseForm(page.html, formId);
    const target = new URL(form.action, page.url).toString();
    return this.request(target, { method: "POST", body: new URLSearchParams({ ...form.fields, ...fields }) });
  }

  /** Follows a link of the page by its visible text. */
  followLink(page: Page, text: string): Promise<Outcome> {
    const link = [...page.html.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi)].find((m) => unescapeHtml(m[2] ?? "").trim() === text);
    if (!link?.[1]) throw new Error(`No link "${text}" on ${page.url}`);
    return this.request(new URL(unescapeHtml(link[1]), page.url).toString(), { method: "GET" });
  }
}

export function expectPage(outcome: Outcome): Page {
  if (outcome.kind !== "page") throw new Error(`Expected a simulator page, got a redirect to ${outcome.url}`);
  return outcome;
}

export function expectRedirect(outcome: Outcome): AppRedirect {
  if (outcome.kind !== "redirect") throw new Error(`Expected a redirect to the app, got page ${outcome.url}:\n${outcome.html.slice(0, 1500)}`);
  return outcome;
}

/** Heading text of a simulator page. */
export function heading(page: Page): string {
  return unescapeHtml((/<h1>([\s\S]*?)<\/h1>/i.exec(page.html)?.[1] ?? "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
}
