import type { MailboxError } from "../mailboxError";
import { ewsFailure } from "./ewsErrors";
import type { EwsHttpAnswer } from "./ewsTransport";
import { NS } from "./soapEnvelope";
import type { XmlElement } from "./xmlTree";
import { XmlSyntaxError, child, childText, children, parseXml } from "./xmlTree";

/**
 * Reads what Exchange answered to an operation: the response messages of a well-formed success envelope, or the
 * MailboxError that the HTTP status, the SOAP fault or the unreadable body means.
 */
export function responseMessages(answer: EwsHttpAnswer, operation: string): XmlElement[] {
  const { status, body } = answer;
  if (status === 401 || status === 403) throw ewsFailure({ httpStatus: status, message: body.trim() || `HTTP ${status}` });
  let envelope: XmlElement | undefined;
  if (body.trimStart().startsWith("<")) {
    try {
      envelope = parseXml(body);
    } catch (err) {
      if (!(err instanceof XmlSyntaxError)) throw err;
      throw ewsFailure({ httpStatus: status === 200 ? undefined : status, message: `the answer is not well-formed XML: ${err.message}` });
    }
  }
  const soapBody = envelope && envelope.ns === NS.soap && envelope.name === "Envelope" ? child(envelope, NS.soap, "Body") : undefined;
  const fault = child(soapBody, NS.soap, "Fault");
  if (fault) throw faultError(fault, status);
  if (status !== 200) throw ewsFailure({ httpStatus: status, message: body.trim().slice(0, 500) || `HTTP ${status}` });
  const response = child(soapBody, NS.messages, `${operation}Response`);
  const messages = child(response, NS.messages, "ResponseMessages");
  if (!messages) throw ewsFailure({ message: `the answer has no ${operation}Response/ResponseMessages` });
  return children(messages);
}

/** The error a response message reports, or null when it succeeded (Success, or a Warning). */
export function messageError(message: XmlElement): { readonly code: string; readonly error: MailboxError } | null {
  if (message.attrs.ResponseClass !== "Error") return null;
  const code = childText(message, NS.messages, "ResponseCode")?.trim() ?? "ErrorInternalServerError";
  const error = ewsFailure({ code, message: childText(message, NS.messages, "MessageText")?.trim() ?? code, backOffMs: backOff(child(message, NS.messages, "MessageXml")) });
  return { code, error };
}

/** HTTP 500 with a SOAP fault: the EWS code is in detail/ResponseCode (or faultcode's local part). */
function faultError(fault: XmlElement, status: number): MailboxError {
  const detail = child(fault, "", "detail");
  const faultCode = childText(fault, "", "faultcode")?.trim() ?? "";
  const code = childText(detail, NS.errors, "ResponseCode")?.trim() || faultCode.slice(faultCode.indexOf(":") + 1) || undefined;
  const message = childText(detail, NS.errors, "Message")?.trim() || childText(fault, "", "faultstring")?.trim() || "SOAP fault";
  return ewsFailure({ code, httpStatus: status === 200 ? undefined : status, message, backOffMs: backOff(child(detail, NS.types, "MessageXml")) });
}

function backOff(messageXml: XmlElement | undefined): number | undefined {
  for (const v of children(messageXml, NS.types, "Value")) {
    if (v.attrs.Name === "BackOffMilliseconds") {
      const ms = Number(v.text.trim());
      return Number.isFinite(ms) ? ms : undefined;
    }
  }
  return undefined;
}
