/**
 * SOAP 1.1 faults (HTTP 500). Exchange uses them for request-level failures — throttling (ErrorServerBusy), schema
 * validation, impersonation and OAuth-token mismatches — as opposed to per-item errors inside a 200 response.
 * Wire format follows the capture in test/fixtures/ms-samples/ews/errorserverbusy-fault-http500-RECONSTRUCTED.xml.
 */
import { NS } from "../xml/namespaces";
import { XmlWriter } from "../xml/write";
import type { MessageXmlEntry, ResponseCode } from "./errors";
import { TEXT } from "./errors";

export interface SoapFaultSpec {
  readonly code: Exclude<ResponseCode, "NoError">;
  /** faultstring; also e:Message unless `detailMessage` differs (schema errors). */
  readonly message: string;
  readonly detailMessage?: string;
  readonly messageXml?: readonly MessageXmlEntry[];
}

/** Thrown anywhere while handling a request; the pipeline turns it into an HTTP 500 fault response. */
export class SoapFault extends Error {
  constructor(readonly spec: SoapFaultSpec) {
    super(`${spec.code}: ${spec.message}`);
    this.name = "SoapFault";
  }
}

export function writeMessageXmlEntries(w: XmlWriter, entries: readonly MessageXmlEntry[], prefix: string): void {
  for (const entry of entries) {
    if (entry.kind === "value") w.leaf(`${prefix}:Value`, entry.value, { Name: entry.name });
    else if (entry.kind === "element") w.leaf(`${prefix}:${entry.name}`, entry.value);
    else w.empty(`${prefix}:FieldURI`, { FieldURI: entry.fieldUri });
  }
}

export function writeSoapFault(spec: SoapFaultSpec): string {
  const w = new XmlWriter().declaration();
  w.open("s:Envelope", { "xmlns:s": NS.soap }).open("s:Body").open("s:Fault");
  w.leaf("faultcode", `a:${spec.code}`, { "xmlns:a": NS.types });
  w.leaf("faultstring", spec.message, { "xml:lang": "en-US" });
  w.open("detail");
  w.leaf("e:ResponseCode", spec.code, { "xmlns:e": NS.errors });
  w.leaf("e:Message", spec.detailMessage ?? spec.message, { "xmlns:e": NS.errors });
  if (spec.messageXml && spec.messageXml.length > 0) {
    w.open("t:MessageXml", { "xmlns:t": NS.types });
    writeMessageXmlEntries(w, spec.messageXml, "t");
    w.close("t:MessageXml");
  }
  w.close("detail").close("s:Fault").close("s:Body").close("s:Envelope");
  return w.toString();
}

/** ASP.NET's answer when the envelope namespace is not SOAP 1.1's (the https:// typo in some doc samples). */
export function writeVersionMismatchFault(actualNamespace: string): string {
  const w = new XmlWriter().declaration();
  w.open("s:Envelope", { "xmlns:s": NS.soap }).open("s:Body").open("s:Fault");
  w.leaf("faultcode", "s:VersionMismatch");
  w.leaf(
    "faultstring",
    `Possible SOAP version mismatch: Envelope namespace ${actualNamespace} was unexpected. Expecting ${NS.soap}.`,
    { "xml:lang": "en-US" },
  );
  w.close("s:Fault").close("s:Body").close("s:Envelope");
  return w.toString();
}

/** Builds the ErrorSchemaValidation fault Exchange returns for requests its schema rejects. */
export function schemaValidationFault(violation: string, line = 1, position = 1): SoapFault {
  return new SoapFault({
    code: "ErrorSchemaValidation",
    message: `The request failed schema validation: ${violation}`,
    detailMessage: TEXT.schemaValidation,
    messageXml: [
      { kind: "element", name: "LineNumber", value: String(line) },
      { kind: "element", name: "LinePosition", value: String(position) },
      { kind: "element", name: "Violation", value: violation },
    ],
  });
}

export function serverBusyFault(backOffMs: number, extra: readonly MessageXmlEntry[] = []): SoapFault {
  return new SoapFault({
    code: "ErrorServerBusy",
    message: TEXT.serverBusy,
    messageXml: [{ kind: "value", name: "BackOffMilliseconds", value: String(backOffMs) }, ...extra],
  });
}
