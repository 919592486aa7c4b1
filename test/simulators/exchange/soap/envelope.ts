/**
 * The response envelope as Exchange 2013+ and Exchange Online write it: `s:` SOAP prefix, ServerVersionInfo in the
 * header with `h:` and a default types namespace, xsi/xsd declared on s:Body, `m:`/`t:` declared on the response element
 * (compare how-to-synchronize-items-by-using-ews-in-exchange-02.xml).
 */
import type { ServerVersionInfo } from "../versions";
import { NS } from "../xml/namespaces";
import { XmlWriter } from "../xml/write";

export function writeServerVersionInfo(w: XmlWriter, server: ServerVersionInfo): void {
  w.empty("h:ServerVersionInfo", {
    MajorVersion: server.majorVersion,
    MinorVersion: server.minorVersion,
    MajorBuildNumber: server.majorBuildNumber,
    MinorBuildNumber: server.minorBuildNumber,
    Version: server.version,
    "xmlns:h": NS.types,
    xmlns: NS.types,
    "xmlns:xsd": NS.xsd,
    "xmlns:xsi": NS.xsi,
  });
}

/** `<m:{operation}Response><m:ResponseMessages>...` around already-written response messages. */
export function writeOperationResponse(server: ServerVersionInfo, operation: string, responseMessages: string): string {
  const w = new XmlWriter().declaration();
  w.open("s:Envelope", { "xmlns:s": NS.soap });
  w.open("s:Header");
  writeServerVersionInfo(w, server);
  w.close("s:Header");
  w.open("s:Body", { "xmlns:xsi": NS.xsi, "xmlns:xsd": NS.xsd });
  w.open(`m:${operation}Response`, { "xmlns:m": NS.messages, "xmlns:t": NS.types });
  w.open("m:ResponseMessages").raw(responseMessages).close("m:ResponseMessages");
  w.close(`m:${operation}Response`);
  w.close("s:Body").close("s:Envelope");
  return w.toString();
}
