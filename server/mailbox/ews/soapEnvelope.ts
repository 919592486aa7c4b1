/** The SOAP 1.1 envelope EWS requests travel in, and the namespaces of EWS's documents. */

export const NS = {
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  messages: "http://schemas.microsoft.com/exchange/services/2006/messages",
  types: "http://schemas.microsoft.com/exchange/services/2006/types",
  errors: "http://schemas.microsoft.com/exchange/services/2006/errors",
} as const;

/** The schema version requests ask for: the one the library spoke before, and what every supported Exchange speaks. */
export const REQUEST_SERVER_VERSION = "Exchange2013_SP1";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text or attribute value, escaped for XML. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/**
 * A request envelope: the version header, the impersonation header when acting as another mailbox (app-only and
 * service accounts), and the operation element (prefixes m: and t:, declared here).
 */
export function soapEnvelope(operation: string, impersonate: string | null): string {
  const impersonation = impersonate
    ? `<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>${escapeXml(impersonate)}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>`
    : "";
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="${NS.soap}" xmlns:m="${NS.messages}" xmlns:t="${NS.types}">` +
    `<soap:Header><t:RequestServerVersion Version="${REQUEST_SERVER_VERSION}"/>${impersonation}</soap:Header>` +
    `<soap:Body>${operation}</soap:Body></soap:Envelope>`
  );
}
