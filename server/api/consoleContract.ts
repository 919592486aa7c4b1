/**
 * Request and response types of the console's API (`/api/console/...`), shared by the server and addin/console, so a
 * change on one side that the other does not follow fails the type-check. Every route answers only for the caller's
 * own tenant (the token's tid); a caller without Sync.Admin or Sync.Support gets 403.
 */
import type { MailboxAccess } from "../domain/mailboxStatus";
import type { AppRole } from "../identity/callerToken";
import type { AttentionReason, MailboxStatus, Provider, RemedyView } from "./contract";
import type { CrmOverview } from "./crmContract";
import type { Rejection, Resync } from "../sync/runStats";

export type { AppRole };

/** How the sync server reaches a mailbox: the rep's own consent, the tenant's app-only access, or an on-prem service account. */
export type AccessKind = MailboxAccess;

/** GET /api/console/me: who is signed in and what they may do. */
export interface ConsoleMe {
  readonly tenantId: string;
  readonly name: string | null;
  readonly username: string | null;
  readonly roles: readonly AppRole[];
  /** Admin-only actions (activation, pause, resume, deactivate, service accounts) are offered when true. */
  readonly isAdmin: boolean;
}

/** GET /api/console/overview */
export interface ConsoleOverview {
  readonly total: number;
  readonly byStatus: Readonly<Record<MailboxStatus, number>>;
  /** Mailboxes in attention, by reason (reasons with none are left out). */
  readonly byReason: Readonly<Partial<Record<AttentionReason, number>>>;
  /** Runs that ended in the last hour, by outcome. */
  readonly lastHour: { readonly ok: number; readonly partial: number; readonly failed: number; readonly throttled: number };
  /** The last 24 hours, oldest first, one bucket an hour (`hour` is the bucket's start, ISO). */
  readonly trend: readonly { readonly hour: string; readonly ok: number; readonly failed: number }[];
  readonly tenant: TenantView;
  /** The organisation's CRM connection, so the overview shows "CRM disconnected" with its fix. */
  readonly crm: CrmOverview;
}

export interface TenantView {
  readonly id: string;
  readonly displayName: string | null;
  /** An app-only token proved the tenant admin's consent (mass activation in Exchange Online needs it). */
  readonly adminConsented: boolean;
  /** The link a Global Administrator opens to consent for the whole tenant. */
  readonly adminConsentUrl: string;
  /** The transport new Exchange Online mailboxes of the organisation use (Graph unless an admin chose EWS). */
  readonly transport: Provider;
}

export const mailboxSortKeys = ["email", "status", "lastSync", "nextSync", "updated"] as const;
export type MailboxSortKey = (typeof mailboxSortKeys)[number];

/** GET /api/console/mailboxes?status=&reason=&provider=&access=&q=&sort=&dir=&page=&pageSize= (also export.csv). */
export interface MailboxListQuery {
  readonly status?: MailboxStatus;
  readonly reason?: AttentionReason;
  readonly provider?: Provider;
  readonly access?: AccessKind;
  /** Part of the address or display name, case-insensitive. */
  readonly q?: string;
  readonly sort?: MailboxSortKey;
  readonly dir?: "asc" | "desc";
  /** 1-based. */
  readonly page?: number;
  /** 1..200, default 50. */
  readonly pageSize?: number;
}

export interface ConsoleMailboxRow {
  readonly id: string;
  readonly email: string;
  readonly displayName: string | null;
  readonly provider: Provider;
  readonly access: AccessKind;
  readonly status: MailboxStatus;
  readonly reason: AttentionReason | null;
  readonly lastSyncAt: string | null;
  readonly nextSyncAt: string | null;
  readonly updatedAt: string;
}

export interface MailboxListResponse {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly ConsoleMailboxRow[];
}

export interface RunView {
  readonly id: number;
  readonly trigger: "schedule" | "sync_now" | "retry";
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly outcome: "ok" | "partial" | "failed" | "throttled" | null;
  readonly pages: number;
  readonly itemsSeen: number;
  /** Activities the run logged for the mailbox, each once (see RunStats.logged). */
  readonly logged: number;
  /** Items read again whose activity the mailbox had logged already (after a resync): not in `logged`. */
  readonly alreadyLogged: number;
  /** Folders read again from their start during the run, and why. */
  readonly resyncs: readonly Resync[];
  /** Items the CRM refused for good during the run (which item, the CRM's code and message); counted in skipped.crm_rejected. */
  readonly rejections: readonly Rejection[];
  readonly skipped: Readonly<Record<string, number>>;
  readonly calls: number;
  readonly crmCalls: number;
  readonly error: string | null;
}

export interface CursorView {
  readonly folder: string;
  /** A sync state is saved: the next run continues from it. */
  readonly hasCursor: boolean;
  /** The first full pass of the folder finished. */
  readonly initialDone: boolean;
  readonly updatedAt: string;
}

/** GET /api/console/mailboxes/:id */
export interface MailboxDetail {
  readonly mailbox: ConsoleMailboxRow & {
    readonly folders: readonly string[];
    readonly consecutiveFailures: number;
    readonly serviceAccount: { readonly id: string; readonly name: string } | null;
    readonly createdAt: string;
  };
  /** The last error exactly as the service answered it, kept for support. */
  readonly lastError: string | null;
  /** For a mailbox in attention: what happened and who fixes it (support's wording). */
  readonly remedy: RemedyView | null;
  readonly runs: readonly RunView[];
  readonly cursors: readonly CursorView[];
}

/** POST /api/console/mailboxes/:id/{sync-now|reset-cursor|pause|resume|deactivate} */
export type MailboxAction = "sync-now" | "reset-cursor" | "pause" | "resume" | "deactivate";
/** Which roles may take each action (the console hides what the caller may not do; the server enforces it). */
export const actionRoles: Readonly<Record<MailboxAction | "test-connection", readonly AppRole[]>> = {
  "sync-now": ["Sync.Admin", "Sync.Support"],
  "reset-cursor": ["Sync.Admin", "Sync.Support"],
  "test-connection": ["Sync.Admin", "Sync.Support"],
  pause: ["Sync.Admin"],
  resume: ["Sync.Admin"],
  deactivate: ["Sync.Admin"],
};

/** Who may move a mailbox to the other transport, and who sets the organisation's transport (the server enforces it). */
export const transportRoles: Readonly<{ move: readonly AppRole[]; tenant: readonly AppRole[] }> = {
  move: ["Sync.Admin", "Sync.Support"],
  tenant: ["Sync.Admin"],
};

/** POST /api/console/mailboxes/:id/transport: moves the mailbox to that transport (answers MailboxActionResponse). */
export interface MoveTransportRequest {
  readonly provider: Provider;
}

/** PUT /api/console/tenant/transport (Sync.Admin): the transport the organisation's new mailboxes use. */
export interface TenantTransportRequest {
  readonly transport: Provider;
}

export interface TenantTransportResponse {
  readonly transport: Provider;
  readonly message: string;
}

export interface MailboxActionResponse {
  readonly mailbox: ConsoleMailboxRow;
  /** What happened, in a sentence for a toast. */
  readonly message: string;
}

/** POST /api/console/mailboxes/:id/test-connection: one real call to the mailbox with its stored access. */
export type ConnectionTestResult =
  | { readonly ok: true; readonly message: string; readonly elapsedMs: number }
  | { readonly ok: false; readonly reason: AttentionReason | "throttled" | "transient"; readonly message: string; readonly remedy: RemedyView | null; readonly elapsedMs: number };

/** GET /api/console/audit?mailboxId=&page=&pageSize= */
export interface AuditEntryView {
  readonly id: number;
  readonly at: string;
  /** Who: the user's name or address, or "system". */
  readonly actor: string;
  readonly action: string;
  readonly mailboxId: string | null;
  readonly mailboxEmail: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditListResponse {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly AuditEntryView[];
}

/** On-premises Exchange: an account holding ApplicationImpersonation, reached at an EWS URL (given or autodiscovered). */
export interface ServiceAccountView {
  readonly id: string;
  readonly name: string;
  readonly ewsUrl: string;
  /** DOMAIN\username or a UPN. */
  readonly username: string;
  readonly authMethod: "ntlm" | "basic";
  readonly mailboxCount: number;
  readonly createdAt: string;
}

/** POST /api/console/service-accounts (Sync.Admin). Without ewsUrl the server runs Autodiscover for testMailbox. */
export interface CreateServiceAccountRequest {
  readonly name: string;
  readonly username: string;
  readonly password: string;
  readonly authMethod?: "ntlm" | "basic";
  readonly ewsUrl?: string;
  /** Where to run Autodiscover when no ewsUrl is given: a host (mail.contoso.com) or URL; default the test mailbox's domain. */
  readonly autodiscoverHost?: string;
  /** A mailbox the account should be able to impersonate: checked with a real call before the account is saved. */
  readonly testMailbox: string;
}

/**
 * POST /api/console/service-accounts/:id/password (Sync.Admin): the account's new password after it changed in Active
 * Directory. Checked against testMailbox first; mailboxes stopped by the refused password then sync again.
 */
export interface UpdateServiceAccountPasswordRequest {
  readonly password: string;
  readonly testMailbox: string;
}

export interface UpdateServiceAccountPasswordResponse {
  readonly account: ServiceAccountView;
  /** Mailboxes that were waiting for this fix and sync again now. */
  readonly resumed: number;
  readonly message: string;
}

/** Which access an activation gives the mailboxes it switches on. */
export type ActivationAccess = { readonly kind: "app_only" } | { readonly kind: "onprem_service_account"; readonly serviceAccountId: string };

/**
 * POST /api/console/activations (Sync.Admin), either a CSV (`email` column required, `display_name` optional; a header
 * row first) or rows. Answers 202 with the job; progress at GET /api/console/activations/:id.
 */
export type StartActivationRequest =
  | { readonly access: ActivationAccess; readonly csv: string; readonly fileName?: string }
  | { readonly access: ActivationAccess; readonly rows: readonly { readonly email: string; readonly displayName?: string }[] };

/** One input row's result. `line` is the CSV line number (1 is the header), or the 1-based index of a `rows` entry. */
export const activationRowOutcomes = [
  // Good news first, then each kind of problem, then what is still waiting: the order the console lists counts in.
  "activated",
  /** Already synced (by the rep's own setup or an earlier activation): left as it is. */
  "already_active",
  /** The row itself is wrong (not an address, duplicate, wrong column count): nothing was tried. */
  "invalid",
  "mailbox_not_found",
  "impersonation_denied",
  "ews_blocked",
  /** Graph app-only: an Application Access Policy or RBAC for Applications scope excludes the mailbox. */
  "access_policy_denied",
  /** Graph cannot open the mailbox: inactive, soft-deleted or on-premises. */
  "not_on_graph",
  "failed",
  "queued",
] as const;
export type ActivationRowOutcome = (typeof activationRowOutcomes)[number];

export interface ActivationRowView {
  readonly line: number;
  readonly email: string;
  readonly outcome: ActivationRowOutcome;
  /** Why, in a sentence that says what to fix (null for activated rows). */
  readonly message: string | null;
  readonly mailboxId: string | null;
}

export interface ActivationJobView {
  readonly id: string;
  readonly status: "running" | "done";
  readonly access: ActivationAccess;
  readonly fileName: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly total: number;
  /** Rows with a final outcome so far. */
  readonly done: number;
  readonly counts: Readonly<Record<ActivationRowOutcome, number>>;
  /** Rows that did not end activated or already_active, in line order. */
  readonly problems: readonly ActivationRowView[];
}
