/** Raw SOAP calls for tests that need to see the exact wire answer (status, headers, XML). */
import { DOMParser } from "@xmldom/xmldom";
import type { Document, Element } from "@xmldom/xmldom";

export const NS_M = "http://schemas.microsoft.com/exchange/services/2006/messages";
export const NS_T = "http://schemas.microsoft.com/exchange/services/2006/types";
export const NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

export interface RawReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly doc: Document | undefined;
}

export function envelope(body: string, opts: { version?: string; impersonate?: string; header?: string } = {}): string {
  const header = [
    opts.version === undefined ? '<t:RequestServerVersion Version="Exchange2013_SP1"/>' : opts.version ? `<t:RequestServerVersion Version="${opts.version}"/>` : "",
    opts.impersonate ? `<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>${opts.impersonate}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>` : "",
    opts.header ?? "",
  ].join("");
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${NS_SOAP}" xmlns:m="${NS_M}" xmlns:t="${NS_T}"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

export async function post(url: string, xml: string, headers: Record<string, string>): Promise<RawReply> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "text/xml; charset=utf-8", ...headers }, body: xml });
  const text = await res.text();
  let doc: Document | undefined;
  if (text.trim().startsWith("<")) doc = new DOMParser().parseFromString(text, "text/xml");
  return { status: res.status, headers: res.headers, text, doc };
}

export function all(doc: Document | Element | undefined, ns: string, local: string): Element[] {
  if (!doc) return [];
  return Array.from(doc.getElementsByTagNameNS(ns, local));
}

export function first(doc: Document | Element | undefined, ns: string, local: string): Element | undefined {
  return all(doc, ns, local)[0];
}

export function textOf(doc: Document | Element | undefined, ns: string, local: string): string | undefined {
  return first(doc, ns, local)?.textContent ?? undefined;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function basic(login: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}` };
}
