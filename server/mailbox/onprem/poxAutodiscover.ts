import type { XmlElement } from "../ews/xmlTree";
import { XmlSyntaxError, child, childText, children, parseXml } from "../ews/xmlTree";

const REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
const RESPONSE_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
const ROOT_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Outlook provider's POX request (POST /autodiscover/autodiscover.xml). */
export function poxRequest(email: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<Autodiscover xmlns="${REQUEST_NS}"><Request>` +
    `<EMailAddress>${escapeXml(email)}</EMailAddress>` +
    `<AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema>` +
    `</Request></Autodiscover>`
  );
}

/** What one POX answer says. */
export type PoxAnswer =
  | { readonly kind: "settings"; readonly ewsUrl: string; readonly online: boolean }
  | { readonly kind: "redirect_url"; readonly url: string }
  | { readonly kind: "redirect_address"; readonly address: string }
  | { readonly kind: "error"; readonly code: string; readonly message: string };

export function readPoxAnswer(body: string): PoxAnswer {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (err) {
    if (err instanceof XmlSyntaxError) return { kind: "error", code: "not_xml", message: "the answer is not Autodiscover XML" };
    throw err;
  }
  const response = root.ns === ROOT_NS && root.name === "Autodiscover" ? root.children.find((c) => c.name === "Response") : undefined;
  if (!response) return { kind: "error", code: "not_autodiscover", message: "the answer is not an Autodiscover response" };
  const error = child(response, ROOT_NS, "Error");
  if (error) return { kind: "error", code: childText(error, ROOT_NS, "ErrorCode") ?? "", message: childText(error, ROOT_NS, "Message") ?? "" };
  const account = child(response, RESPONSE_SCHEMA, "Account");
  const action = childText(account, RESPONSE_SCHEMA, "Action");
  if (action === "redirectUrl") return { kind: "redirect_url", url: childText(account, RESPONSE_SCHEMA, "RedirectUrl") ?? "" };
  if (action === "redirectAddr") return { kind: "redirect_address", address: childText(account, RESPONSE_SCHEMA, "RedirectAddr") ?? "" };
  if (action !== "settings") return { kind: "error", code: "no_action", message: "the answer names no action" };
  const online = (childText(account, RESPONSE_SCHEMA, "MicrosoftOnline") ?? "").toLowerCase() === "true";
  // EXCH is the mailbox's own protocol block; EXPR (Outlook Anywhere) carries the external URL on older servers.
  const protocols = children(account, RESPONSE_SCHEMA, "Protocol");
  const ewsOf = (type: string) => childText(protocols.find((p) => childText(p, RESPONSE_SCHEMA, "Type") === type), RESPONSE_SCHEMA, "EwsUrl");
  const ewsUrl = ewsOf("EXPR") ?? ewsOf("EXCH");
  if (!ewsUrl) return { kind: "error", code: "no_ews_url", message: "the answer names no EWS URL" };
  return { kind: "settings", ewsUrl, online };
}
