import type { ActivityItem } from "../mailbox/items";
import type { CaptureLevel } from "./policy";
import { participants } from "./policy";

/** Salesforce's Description holds 32,000 characters. */
const maxDescription = 32_000;

/** HTML to readable text, enough for a CRM note: no markup, no scripts, collapsed white space. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n\s*\n+/g, "\n\n")
    .trim();
}

export function subjectFor(item: ActivityItem, level: CaptureLevel): string {
  const fallback = item.kind === "email" ? "Email" : "Meeting";
  if (level === "metadata") return fallback;
  const subject = item.subject.trim() || fallback;
  return (item.kind === "email" ? `Email: ${subject}` : subject).slice(0, 255);
}

/** The note: who took part always; the body only at full capture. */
export function descriptionFor(item: ActivityItem, level: CaptureLevel): string {
  const people = participants(item)
    .map((a) => (a.name ? `${a.name} <${a.email}>` : a.email))
    .join(", ");
  const header = item.kind === "email" ? `Participants: ${people}` : `Attendees: ${people}`;
  if (level !== "full_body" || !item.body) return header;
  const text = item.body.type === "html" ? htmlToText(item.body.content) : item.body.content.trim();
  const attachments = item.kind === "email" && item.attachments.length > 0 ? `\nAttachments: ${item.attachments.map((a) => a.name).join(", ")}` : "";
  return `${header}${attachments}\n\n${text}`.slice(0, maxDescription);
}
