/**
 * Request and response types of the server's API, shared by the sidebar and the console (addin/api.ts imports this
 * file), so a change on one side that the other does not follow fails the type-check.
 */
import type { Actor } from "../domain/remedies";
import type { AttentionReason, MailboxStatus, Provider } from "../domain/mailboxStatus";
import type { SidebarCrm } from "./crmContract";

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
  /** Signs in with the rep's own on-premises Exchange password: reconnecting asks for the new password only. */
  readonly onpremPassword: boolean;
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
  /** The organisation's CRM: connected, or who must act (see crmContract.ts). */
  readonly crm: SidebarCrm;
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
  /**
   * Set when an earlier run still holds the mailbox (running, or its worker died and the hold has not run out): the
   * new run starts when that one ends, at the latest at this time.
   */
  readonly startsBy: string | null;
}

/** Every error the API answers has this body. */
export interface ApiError {
  readonly error: string;
  readonly message: string;
}

/** An address on the open email, with its CRM record when there is one. */
export interface CrmRecordView {
  readonly id: string;
  readonly kind: "contact" | "lead";
  readonly name: string;
  readonly company: string | null;
  readonly ownerName: string | null;
  /** Opens the record in the CRM. */
  readonly url: string;
}

export interface PersonView {
  readonly email: string;
  /** Internal colleagues are listed but never looked up or offered as leads. */
  readonly internal: boolean;
  readonly crm: CrmRecordView | null;
}

/** POST /api/me/people: the addresses stay out of URLs (and so out of access logs). */
export interface PeopleRequest {
  readonly emails: readonly string[];
}

export interface PeopleResponse {
  /** False until an admin connects the organisation's CRM. */
  readonly crmConnected: boolean;
  readonly people: readonly PersonView[];
}

/** POST /api/me/leads: "Add as lead" for a stranger on the email. */
export interface AddLeadRequest {
  readonly email: string;
  readonly firstName?: string;
  readonly lastName: string;
  readonly company: string;
}

export interface AddressView {
  readonly email: string;
  readonly name?: string | null;
}

/** POST /api/me/email-log: "Log this email", from what Office.js tells the pane about the open item. */
export interface LogEmailRequest {
  readonly internetMessageId: string;
  readonly subject: string;
  readonly from: AddressView | null;
  readonly to: readonly AddressView[];
  readonly cc: readonly AddressView[];
  readonly sentAt: string;
  /** Plain-text body, when the capture level keeps bodies. */
  readonly bodyText?: string;
}

export interface EmailLogStatusRequest {
  readonly internetMessageId: string;
}

/** Whether an email is in the CRM: the server's record, shared by sync and "Log this email". */
export type EmailLogStatus = { readonly logged: false } | { readonly logged: true; readonly crmId: string; readonly url: string | null };

export interface LogEmailResponse {
  readonly result: "logged" | "already_logged";
  readonly crmId: string;
  readonly url: string | null;
}

export type FolderChoice = "inbox" | "sentitems" | "calendar";
export type CaptureLevelChoice = "metadata" | "subject" | "full_body";

/** The rep's own Sync settings (the menu's "Sync settings"). */
export interface MailboxSettingsView {
  readonly folders: readonly FolderChoice[];
  readonly captureLevel: CaptureLevelChoice;
  readonly blockedAddresses: readonly string[];
  readonly blockedDomains: readonly string[];
}

/** GET /api/config (no sign-in needed): what the browser apps need to sign in with Entra ID. */
export interface ClientConfig {
  readonly clientId: string;
  /** e.g. https://login.microsoftonline.com (or the simulator in demo mode). */
  readonly authorityHost: string;
  /** "organizations" for a multi-tenant deployment, or one tenant id. */
  readonly tenant: string;
  /** The API scope the sidebar and console request: api://{clientId}/access_as_user. */
  readonly apiScope: string;
  readonly demo: boolean;
}
