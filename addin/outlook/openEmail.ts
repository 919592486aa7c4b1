import { officeGlobal } from "./officeHost";

export interface MailAddress {
  readonly email: string;
  readonly name: string | null;
}

/** The email open in Outlook (read mode), as the pane needs it: who is on it, and what to log. */
export interface OpenEmail {
  readonly internetMessageId: string;
  readonly subject: string;
  readonly from: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** ISO date-time. */
  readonly sentAt: string;
}

/** Why there is no email to show: the pane says so instead of showing an empty panel. */
export type NoEmail = "no_item" | "compose" | "not_a_message";

function address(details: Office.EmailAddressDetails | null | undefined): MailAddress | null {
  const email = details?.emailAddress?.trim().toLowerCase();
  if (!email) return null;
  const name = details?.displayName?.trim();
  return { email, name: name && name.toLowerCase() !== email ? name : null };
}

function addresses(list: readonly Office.EmailAddressDetails[]): MailAddress[] {
  return list.map(address).filter((a): a is MailAddress => a !== null);
}

/**
 * The open item, read synchronously from Office.context.mailbox.item. In read mode the recipients are plain arrays;
 * in compose mode they are objects with getAsync, and the message has no Internet Message-ID yet.
 */
export function readOpenEmail(): OpenEmail | NoEmail {
  const item = officeGlobal()?.context?.mailbox?.item as Office.MessageRead | Office.MessageCompose | null | undefined;
  if (!item) return "no_item";
  const office = officeGlobal();
  if (item.itemType && office?.MailboxEnums && item.itemType !== office.MailboxEnums.ItemType.Message) return "not_a_message";
  const read = item as Office.MessageRead;
  if (!Array.isArray(read.to) || typeof read.internetMessageId !== "string") return "compose";
  const created = read.dateTimeCreated instanceof Date ? read.dateTimeCreated : new Date(read.dateTimeCreated ?? Date.now());
  return {
    internetMessageId: read.internetMessageId,
    subject: read.subject ?? "",
    from: address(read.from),
    to: addresses(read.to),
    cc: Array.isArray(read.cc) ? addresses(read.cc) : [],
    sentAt: created.toISOString(),
  };
}

/** Whether two readings are of the same open email (or the same kind of no email). */
export function sameOpenEmail(a: OpenEmail | NoEmail, b: OpenEmail | NoEmail): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.internetMessageId === b.internetMessageId;
}

/** The open email's body as plain text (Office converts HTML for us). */
export function readBodyText(): Promise<string> {
  const office = officeGlobal();
  const item = office?.context?.mailbox?.item as Office.MessageRead | null | undefined;
  if (!office || !item?.body) return Promise.reject(new Error("No email is open."));
  return new Promise((resolve, reject) => {
    item.body.getAsync(office.CoercionType.Text, (result) => {
      if (result.status === office.AsyncResultStatus.Succeeded) resolve(result.value ?? "");
      else reject(new Error(result.error?.message ?? "Outlook could not read the email's text."));
    });
  });
}
