/**
 * The common head of every `m:*ResponseMessage`: ResponseClass, then MessageText / ResponseCode / DescriptiveLinkKey /
 * MessageXml in the order of m:ResponseMessageType.
 */
import type { XmlWriter } from "../xml/write";
import type { ResponseError } from "./errors";
import { writeMessageXmlEntries } from "./faults";

export function openSuccess(w: XmlWriter, element: string): void {
  w.open(`m:${element}`, { ResponseClass: "Success" });
  w.leaf("m:ResponseCode", "NoError");
}

export function openError(w: XmlWriter, element: string, error: ResponseError): void {
  w.open(`m:${element}`, { ResponseClass: "Error" });
  w.leaf("m:MessageText", error.message);
  w.leaf("m:ResponseCode", error.code);
  w.leaf("m:DescriptiveLinkKey", 0);
  if (error.messageXml && error.messageXml.length > 0) {
    w.open("m:MessageXml");
    writeMessageXmlEntries(w, error.messageXml, "t");
    w.close("m:MessageXml");
  }
}
