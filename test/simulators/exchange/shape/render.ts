/**
 * Everything needed to serialise one item: the item itself and the mailbox it lives in (for ids, internal/external
 * recipients and OWA links). Formatting helpers shared by the property writers live here too.
 */
import type { ItemData, Participant } from "../model/types";
import type { ItemFolderName } from "../store/folders";
import type { Mailbox } from "../store/mailbox";
import type { ExchangeVersion } from "../versions";
import type { XmlWriter } from "../xml/write";
import { escapeText } from "../xml/write";

export type BodyType = "Best" | "HTML" | "Text";

export interface RenderContext {
  readonly mailbox: Mailbox;
  readonly folder: ItemFolderName;
  readonly key: number;
  readonly version: number;
  readonly kind: ItemData["kind"];
  readonly data: ItemData;
  readonly bodyType: BodyType;
  readonly requestVersion: ExchangeVersion;
  /** Whether an address belongs to the mailbox's organisation (t:MailboxType Mailbox vs OneOff). */
  readonly isInternal: (email: string) => boolean;
  /** Base URL of the simulated server, used for OWA links. */
  readonly baseUrl: string;
}

/** EWS writes UTC instants with second precision and a Z. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function writeMailbox(w: XmlWriter, c: RenderContext, p: Participant): void {
  w.open("t:Mailbox");
  w.leaf("t:Name", p.name);
  w.leaf("t:EmailAddress", p.email);
  w.leaf("t:RoutingType", "SMTP");
  // MailboxType arrived with Exchange 2007 SP1; the 2007 samples have none.
  if (c.requestVersion !== "Exchange2007") w.leaf("t:MailboxType", c.isInternal(p.email) ? "Mailbox" : "OneOff");
  w.close("t:Mailbox");
}

export function htmlBody(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<div>${escapeText(p).replace(/\n/g, "<br>")}</div>`)
    .join("\r\n");
  return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${paragraphs}\r\n</body>\r\n</html>\r\n`;
}

/** "RE: FW: Topic" -> "Topic", as Exchange derives ConversationTopic. */
export function conversationTopic(subject: string): string {
  return subject.replace(/^((re|fw|fwd|aw|wg|sv|vs|canceled|accepted|declined|tentative):\s*)+/i, "").trim();
}

export function displayList(people: readonly Participant[]): string {
  return people.map((p) => p.name).join("; ");
}

/** ISO-8601 duration (xs:string in t:Duration), e.g. PT1H30M. */
export function isoDuration(ms: number): string {
  const minutes = Math.round(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  let out = "P";
  if (days) out += `${days}D`;
  if (hours || mins || !days) out += "T";
  if (hours) out += `${hours}H`;
  if (mins || (!hours && !days)) out += `${mins}M`;
  return out;
}
