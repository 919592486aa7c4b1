/**
 * The CRM as the sync engine sees it. Salesforce first; any CRM that can find people by email and upsert activities
 * by an external key fits.
 */
export interface CrmPerson {
  readonly id: string;
  readonly kind: "contact" | "lead";
  readonly email: string;
  readonly name: string;
  readonly company: string | null;
  readonly accountId: string | null;
  readonly ownerName: string | null;
  /** Opens the record in the CRM's UI. */
  readonly url: string;
}

export interface ActivityWrite {
  /** Our idempotency key, stored in the CRM's external-id field: a repeated write changes nothing. */
  readonly key: string;
  readonly kind: "email" | "meeting";
  readonly subject: string;
  readonly description: string | null;
  readonly start: Date;
  readonly end: Date | null;
  readonly isAllDay: boolean;
  readonly location: string | null;
  /** CRM people the activity is about; the first is the primary (WhoId). */
  readonly whoIds: readonly string[];
  /** The account of the primary contact, when it has one (WhatId). */
  readonly whatId: string | null;
  /** Email of the rep whose mailbox logged it first; the CRM user with this email owns the activity. */
  readonly ownerEmail: string;
  readonly cancelled: boolean;
}

export type WriteResult =
  | { readonly ok: true; readonly key: string; readonly crmId: string }
  | { readonly ok: false; readonly key: string; readonly error: CrmFailure };

export interface CrmFailure {
  readonly code: string;
  readonly message: string;
  /** Worth retrying later (row lock, limits, outage) rather than an answer about the record itself. */
  readonly transient: boolean;
}

export interface CrmSink {
  /** People by email (lower-cased keys), contacts before leads when both exist. */
  findPeople(emails: readonly string[]): Promise<Map<string, CrmPerson>>;
  upsertActivities(writes: readonly ActivityWrite[]): Promise<WriteResult[]>;
  /** Opens an activity in the CRM's UI. */
  activityUrl(kind: "email" | "meeting", id: string): string;
  /** "Add as lead": a new lead for a stranger on an email. */
  createLead(lead: { email: string; firstName: string | null; lastName: string; company: string }): Promise<CrmPerson>;
  /** Removes activities (a meeting deleted from every synced calendar). Missing ones count as removed. */
  deleteActivities(kind: "email" | "meeting", keys: readonly string[]): Promise<WriteResult[]>;
  /** Calls made so far. */
  readonly calls: number;
}

/** The whole CRM refused or could not be reached: the page is retried on a later turn, nothing is saved. */
export class CrmUnavailableError extends Error {
  constructor(
    message: string,
    readonly options: { readonly retryAfterMs?: number; readonly persistent?: boolean } = {},
  ) {
    super(message);
    this.name = "CrmUnavailableError";
  }
}

/**
 * The organisation's CRM as a whole is not usable (not connected, disconnected, or paused by its API limit): no mailbox
 * is at fault, so the runner keeps every cursor, fails no mailbox and tries again later.
 */
export class CrmOrgUnavailableError extends CrmUnavailableError {
  constructor(
    message: string,
    readonly state: "not_connected" | "disconnected" | "paused",
  ) {
    super(message);
    this.name = "CrmOrgUnavailableError";
  }
}
