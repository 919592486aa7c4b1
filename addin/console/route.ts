/**
 * Where the console is, kept in the address's hash (`#/mailboxes/42?status=attention`), so Back, reload, bookmarks
 * and a link pasted into a ticket open the same screen. The server serves one page (/console.html); the hash never
 * reaches it, and MSAL's redirect answer (`#code=...`) is told apart because it does not start with "/".
 */
import type { MailboxListQuery } from "../../server/api/consoleContract";
import { mailboxQueryString, parseMailboxQuery } from "./mailboxQuery";

export type Route =
  | { readonly view: "overview" }
  /** `mailboxId`: the mailbox whose details are open over the list. */
  | { readonly view: "mailboxes"; readonly query: MailboxListQuery; readonly mailboxId: string | null }
  | { readonly view: "activation"; readonly jobId: string | null }
  | { readonly view: "serviceAccounts" }
  /** The on-premises Exchange settings remembered per company (email domain) after a rep's first connect. */
  | { readonly view: "companyExchange" }
  | { readonly view: "audit"; readonly page: number }
  /** `result`: how Salesforce's sign-in ended, when the server's callback sent the browser back here. */
  | { readonly view: "crm"; readonly result: CrmConnectResult | null };

/** The callback's answer (`#/crm?result=denied&message=...`): shown once, then dropped from the address. */
export interface CrmConnectResult {
  readonly outcome: "connected" | "denied" | "failed";
  readonly message: string | null;
}

const crmOutcomes: readonly CrmConnectResult["outcome"][] = ["connected", "denied", "failed"];

export type View = Route["view"];

/** The screens only a Sync.Admin sees. */
export const adminViews: readonly View[] = ["crm", "activation", "serviceAccounts"];

export const overview: Route = { view: "overview" };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  if (!raw.startsWith("/")) return overview;
  const [pathPart = "", search = ""] = raw.split("?", 2);
  const segments = pathPart
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const [first, second] = segments;
  switch (first) {
    case "mailboxes":
      return { view: "mailboxes", query: parseMailboxQuery(search), mailboxId: second ?? null };
    case "activation":
      return { view: "activation", jobId: second ?? null };
    case "service-accounts":
      return { view: "serviceAccounts" };
    case "company-exchange":
      return { view: "companyExchange" };
    case "crm":
      return { view: "crm", result: parseCrmResult(search) };
    case "audit": {
      const page = Number(new URLSearchParams(search).get("page"));
      return { view: "audit", page: Number.isInteger(page) && page > 1 ? page : 1 };
    }
    default:
      return overview;
  }
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case "overview":
      return "#/";
    case "mailboxes":
      return `#/mailboxes${route.mailboxId ? `/${encodeURIComponent(route.mailboxId)}` : ""}${mailboxQueryString(route.query)}`;
    case "activation":
      return `#/activation${route.jobId ? `/${encodeURIComponent(route.jobId)}` : ""}`;
    case "serviceAccounts":
      return "#/service-accounts";
    case "companyExchange":
      return "#/company-exchange";
    case "crm": {
      if (!route.result) return "#/crm";
      const p = new URLSearchParams({ result: route.result.outcome });
      if (route.result.message) p.set("message", route.result.message);
      return `#/crm?${p.toString()}`;
    }
    case "audit":
      return route.page > 1 ? `#/audit?page=${route.page}` : "#/audit";
  }
}

/** An unknown outcome reads as none: the page then just shows the connection as it is. */
function parseCrmResult(search: string): CrmConnectResult | null {
  const p = new URLSearchParams(search);
  const outcome = crmOutcomes.find((o) => o === p.get("result"));
  if (!outcome) return null;
  // The server keeps the message short; a hand-edited address cannot flood the page.
  const message = p.get("message")?.trim().slice(0, 300) || null;
  return { outcome, message };
}

export function mailboxesRoute(query: MailboxListQuery = {}, mailboxId: string | null = null): Route {
  return { view: "mailboxes", query, mailboxId };
}

export const viewTitles: Readonly<Record<View, string>> = {
  overview: "Overview",
  mailboxes: "Mailboxes",
  activation: "Mass activation",
  serviceAccounts: "Service accounts",
  companyExchange: "Company Exchange",
  audit: "Audit log",
  crm: "CRM",
};
