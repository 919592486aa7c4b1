import { officeGlobal } from "./officeHost";

/** Whose mailbox the pane is open in: the address sync is set up for. */
export interface MailboxUser {
  readonly email: string;
  readonly displayName: string | null;
}

export function mailboxUser(): MailboxUser | null {
  const profile = officeGlobal()?.context?.mailbox?.userProfile;
  if (!profile?.emailAddress) return null;
  return { email: profile.emailAddress.trim().toLowerCase(), displayName: profile.displayName || null };
}
