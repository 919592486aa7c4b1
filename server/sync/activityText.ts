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

/** Salesforce's Activity Subject holds 255 characters. */
const maxSubject = 255;

/** The subject as the CRM shows it, before it is fitted to the field. */
function fullSubject(item: ActivityItem, level: CaptureLevel): string {
  const fallback = item.kind === "email" ? "Email" : "Meeting";
  const subject = level === "metadata" ? fallback : item.subject.trim() || fallback;
  if (item.kind === "email") return level === "metadata" ? subject : `Email: ${subject}`;
  return item.isCancelled ? `Canceled: ${subject}` : subject;
}

/** A subject too long for the field ends in "…", so nobody takes the cut text for all of it (never half a surrogate pair). */
function fitted(text: string): string {
  if (text.length <= maxSubject) return text;
  let cut = text.slice(0, maxSubject - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

export function subjectFor(item: ActivityItem, level: CaptureLevel): string {
  return fitted(fullSubject(item, level));
}

/** The note: who took part always; the body only at full capture. */
export function descriptionFor(item: ActivityItem, level: CaptureLevel): string {
  const people = participants(item)
    .map((a) => (a.name ? `${a.name} <${a.email}>` : a.email))
    .join(", ");
  const full = fullSubject(item, level);
  // The whole subject goes in the note when the Subject field had to cut it.
  const subjectLine = full.length > maxSubject ? `Subject: ${item.subject.trim()}\n` : "";
  const header = `${subjectLine}${item.kind === "email" ? `Participants: ${people}` : `Attendees: ${people}`}`;
  if (level !== "full_body" || !item.body) return header;
  const text = item.body.type === "html" ? htmlToText(item.body.content) : item.body.content.trim();
  const attachments = item.kind === "email" && item.attachments.length > 0 ? `\nAttachments: ${item.attachments.map((a) => a.name).join(", ")}` : "";
  return `${header}${attachments}\n\n${text}`.slice(0, maxDescription);
}
