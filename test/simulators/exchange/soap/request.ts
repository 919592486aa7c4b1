/**
 * Reads a SOAP request: envelope, the header elements EWS defines (RequestServerVersion, ExchangeImpersonation,
 * TimeZoneContext...), and the operation element inside soap:Body. Matching is by namespace URI, never by prefix.
 */
import type { ExchangeVersion, ServerVersionInfo } from "../versions";
import { DEFAULT_REQUEST_VERSION, isExchangeVersion, serverAccepts } from "../versions";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { XmlSyntaxError, attr, child, children, parseXml, text } from "../xml/read";
import { TEXT } from "./errors";
import { SoapFault, schemaValidationFault } from "./faults";

/** The ConnectingSID choice of t:ExchangeImpersonation. */
export type ImpersonationIdType = "SmtpAddress" | "PrimarySmtpAddress" | "PrincipalName" | "SID";

export interface ImpersonationHeader {
  readonly idType: ImpersonationIdType;
  readonly value: string;
}

export interface SoapRequest {
  readonly operation: Element;
  readonly operationName: string;
  readonly requestVersion: ExchangeVersion;
  readonly impersonation: ImpersonationHeader | undefined;
}

/** The envelope was not SOAP 1.1 (answered with a VersionMismatch fault, as ASP.NET does). */
export class SoapVersionMismatch extends Error {
  constructor(readonly envelopeNamespace: string) {
    super(`unexpected envelope namespace ${envelopeNamespace}`);
  }
}

const ID_TYPES: readonly ImpersonationIdType[] = ["SmtpAddress", "PrimarySmtpAddress", "PrincipalName", "SID"];

export function parseSoapRequest(body: string, server: ServerVersionInfo): SoapRequest {
  let doc;
  try {
    doc = parseXml(body);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw schemaValidationFault(err.message, err.line, err.column);
    throw err;
  }
  const envelope = doc.documentElement as Element;
  if (envelope.localName === "Envelope" && envelope.namespaceURI !== NS.soap) {
    throw new SoapVersionMismatch(envelope.namespaceURI ?? "");
  }
  if (envelope.localName !== "Envelope") {
    throw schemaValidationFault(`The root element '${envelope.localName}' is not a SOAP envelope.`);
  }
  const header = child(envelope, NS.soap, "Header");
  const soapBody = child(envelope, NS.soap, "Body");
  const operation = soapBody ? children(soapBody)[0] : undefined;
  if (!soapBody || !operation) throw schemaValidationFault("The SOAP body is missing or empty.");
  if (operation.namespaceURI !== NS.messages) {
    throw schemaValidationFault(`The element '${operation.localName}' in namespace '${operation.namespaceURI ?? ""}' is not an EWS operation.`);
  }
  return {
    operation,
    operationName: operation.localName ?? "",
    requestVersion: header ? readVersion(header, server) : DEFAULT_REQUEST_VERSION,
    impersonation: header ? readImpersonation(header) : undefined,
  };
}

function readVersion(header: Element, server: ServerVersionInfo): ExchangeVersion {
  const el = child(header, NS.types, "RequestServerVersion");
  if (!el) return DEFAULT_REQUEST_VERSION;
  const version = attr(el, "Version") ?? "";
  // Unknown values and versions newer than the server are both refused (schema texts differ per build; code is stable).
  if (!isExchangeVersion(version) || !serverAccepts(server, version)) {
    throw new SoapFault({ code: "ErrorInvalidServerVersion", message: TEXT.invalidServerVersion });
  }
  return version;
}

function readImpersonation(header: Element): ImpersonationHeader | undefined {
  const el = child(header, NS.types, "ExchangeImpersonation");
  if (!el) return undefined;
  const sid = child(el, NS.types, "ConnectingSID");
  const idEl = sid ? children(sid, NS.types)[0] : undefined;
  const idType = idEl?.localName as ImpersonationIdType | undefined;
  const value = idEl ? text(idEl) : "";
  if (!idType || !ID_TYPES.includes(idType) || value === "") {
    throw new SoapFault({ code: "ErrorInvalidExchangeImpersonationHeaderData", message: TEXT.invalidImpersonationHeader });
  }
  return { idType, value };
}
