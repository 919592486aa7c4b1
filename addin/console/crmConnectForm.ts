/**
 * The "Connect Salesforce" form: what the admin chose and typed, checked field by field before the browser leaves for
 * Salesforce, so a typo in a My Domain address or a key pasted with a space is named next to its field, not by an
 * error page at Salesforce.
 */
import type { CrmClientCredentialsRequest, CrmConnectRequest } from "../../server/api/crmContract";

/** How CRM Sync signs in: as the person who logs in at Salesforce, or as an Integration User (no person). */
export type CrmConnectMethod = "web_server" | "client_credentials";
export type CrmLoginChoice = "production" | "sandbox" | "my_domain";

export interface CrmConnectFormValues {
  readonly method: CrmConnectMethod;
  readonly login: CrmLoginChoice;
  readonly myDomain: string;
  /** The org's own External Client App instead of the packaged one (always so for client credentials). */
  readonly ownApp: boolean;
  readonly clientId: string;
  readonly clientSecret: string;
}

export type CrmConnectField = "myDomain" | "clientId" | "clientSecret";

export const emptyCrmConnectForm: CrmConnectFormValues = { method: "web_server", login: "production", myDomain: "", ownApp: false, clientId: "", clientSecret: "" };

export type CrmConnectFormCheck =
  | { readonly ok: true; readonly kind: "web_server"; readonly request: CrmConnectRequest }
  | { readonly ok: true; readonly kind: "client_credentials"; readonly request: CrmClientCredentialsRequest }
  | { readonly ok: false; readonly errors: Readonly<Partial<Record<CrmConnectField, string>>> };

/** The generic login hosts: an Integration User cannot use them, and a My Domain field holding one is a mix-up. */
const genericHosts = new Set(["login.salesforce.com", "test.salesforce.com"]);

/** "acme.my.salesforce.com" or "https://acme.my.salesforce.com/anything" -> "https://acme.my.salesforce.com"; null when it is no https address. */
export function myDomainUrl(typed: string): string | null {
  const raw = typed.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || (!url.hostname.includes(".") && url.hostname !== "localhost")) return null;
  if (url.username || url.password) return null;
  return url.origin;
}

function myDomainError(typed: string, method: CrmConnectMethod): string | null {
  if (!typed.trim()) {
    return method === "client_credentials"
      ? "Enter your org's My Domain address, like https://acme.my.salesforce.com: an Integration User signs in only there."
      : "Enter your org's My Domain address, like https://acme.my.salesforce.com.";
  }
  const url = myDomainUrl(typed);
  if (!url) return "Enter the My Domain address starting with https://, like https://acme.my.salesforce.com (Setup → My Domain shows it).";
  if (genericHosts.has(new URL(url).hostname)) {
    return method === "client_credentials"
      ? "Client credentials work only at your org's My Domain, not at login.salesforce.com or test.salesforce.com. Setup → My Domain shows yours."
      : "That is a generic login host: choose Production or Sandbox above, or enter your org's own My Domain address.";
  }
  return null;
}

/**
 * The form's login choice for a connection's login host ("production", "sandbox", or a URL as the server keeps it):
 * Salesforce's generic hosts read as Production and Sandbox, anything else as that My Domain.
 */
export function loginChoiceOf(loginHost: string): Pick<CrmConnectFormValues, "login" | "myDomain"> {
  if (loginHost === "production" || loginHost === "sandbox") return { login: loginHost, myDomain: "" };
  const url = myDomainUrl(loginHost);
  const host = url ? new URL(url).hostname : "";
  if (host === "login.salesforce.com") return { login: "production", myDomain: "" };
  if (host === "test.salesforce.com") return { login: "sandbox", myDomain: "" };
  return { login: "my_domain", myDomain: url ?? loginHost };
}

export function checkCrmConnectForm(values: CrmConnectFormValues): CrmConnectFormCheck {
  const errors: Partial<Record<CrmConnectField, string>> = {};
  const needsMyDomain = values.method === "client_credentials" || values.login === "my_domain";
  if (needsMyDomain) {
    const e = myDomainError(values.myDomain, values.method);
    if (e) errors.myDomain = e;
  }
  const needsApp = values.method === "client_credentials" || values.ownApp;
  const clientId = values.clientId.trim();
  if (needsApp) {
    if (!clientId) errors.clientId = "Paste the app's Consumer Key (Setup → External Client App Manager → your app → Settings → OAuth Settings).";
    else if (/\s/.test(clientId)) errors.clientId = "The Consumer Key has no spaces: paste it again, in one piece.";
    if (!values.clientSecret.trim()) errors.clientSecret = "Paste the app's Consumer Secret, shown next to its Consumer Key.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const myDomain = needsMyDomain ? (myDomainUrl(values.myDomain) ?? "") : "";
  const app = { clientId, clientSecret: values.clientSecret.trim() };
  if (values.method === "client_credentials") return { ok: true, kind: "client_credentials", request: { myDomain, ...app } };
  const loginHost = values.login === "my_domain" ? myDomain : values.login;
  return { ok: true, kind: "web_server", request: { loginHost, ...(values.ownApp ? { ownApp: app } : {}) } };
}
