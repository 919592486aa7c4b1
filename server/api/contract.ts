/**
 * Request and response types of the server's API, shared by the sidebar and the console (addin/api.ts imports this
 * file), so a change on one side that the other does not follow fails the type-check.
 */
import type { Actor } from "../domain/remedies";
import type { AttentionReason, MailboxStatus, Provider } from "../domain/mailboxStatus";

export type { Actor, AttentionReason, MailboxStatus, Provider };

export interface RemedyView {
  readonly title: string;
  readonly text: string;
  readonly actor: Actor;
}

export interface LastSyncView {
  readonly at: string;
  readonly outcome: "ok" | "partial" | "failed";
  readonly logged: number;
}

/** The signed-in rep's mailbox as the sidebar shows it. */
export interface MailboxView {
  readonly id: string;
  readonly email: string;
  readonly provider: Provider;
  /** Set up by an admin (mass activation): the rep has nothing to set up. */
  readonly managedByAdmin: boolean;
  readonly status: MailboxStatus;
  readonly reason: AttentionReason | null;
  readonly remedy: RemedyView | null;
  /** For "Need admin approval": the link to forward to an administrator. */
  readonly adminConsentUrl: string | null;
  readonly lastSync: LastSyncView | null;
  readonly nextSyncAt: string | null;
  readonly loggedToday: number;
}

export interface MeMailboxResponse {
  /** null until the rep sets up sync (and after they disconnect). */
  readonly mailbox: MailboxView | null;
}

export interface ConnectStartRequest {
  /** The Outlook mailbox the pane is open in (Office.context.mailbox.userProfile.emailAddress). */
  readonly mailboxEmail: string;
}

export interface ConnectStartResponse {
  /** Open this in the Office dialog: it signs the rep in with Microsoft and ends on the result page. */
  readonly dialogUrl: string;
  readonly expiresAt: string;
}

/** What the connect dialog's result page sends back to the sidebar (Office.context.ui.messageParent). */
export type ConnectOutcome =
  | { readonly outcome: "connected"; readonly email: string }
  /**
   * The rep did not allow access. Entra sends the same answer when the rep left its "Need admin approval" page, so the
   * admin-consent link comes along for the pane to offer.
   */
  | { readonly outcome: "declined"; readonly message: string; readonly adminConsentUrl: string }
  | {
      readonly outcome: "attention";
      readonly reason: AttentionReason;
      readonly remedy: RemedyView;
      readonly adminConsentUrl: string | null;
    }
  | { readonly outcome: "error"; readonly message: string };

export interface SyncNowResponse {
  readonly queued: true;
  readonly nextSyncAt: string;
}

/** Every error the API answers has this body. */
export interface ApiError {
  readonly error: string;
  readonly message: string;
}
