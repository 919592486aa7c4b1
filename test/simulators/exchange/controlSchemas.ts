/**
 * Input schemas of the control API (shared by the in-process object and the HTTP routes), so a test that passes
 * nonsense gets a clear message naming the field instead of a half-configured mailbox.
 */
import { z } from "zod";

const participant = z.object({ name: z.string().min(1), email: z.email() });
const isoInstant = z.iso.datetime({ offset: true });
const sensitivity = z.enum(["Normal", "Personal", "Private", "Confidential"]);
const ratio = z.number().min(0).max(1);

export const createTenantInput = z.object({
  tenantId: z.string().min(1),
  domains: z.array(z.string().min(1)).optional(),
  ewsEnabled: z.boolean().nullable().optional(),
  ewsAllowedAppIds: z.array(z.string().min(1)).optional(),
});

export const updateTenantInput = z.object({
  domains: z.array(z.string().min(1)).optional(),
  ewsEnabled: z.boolean().nullable().optional(),
  ewsAllowedAppIds: z.array(z.string().min(1)).nullable().optional(),
});

export const createMailboxInput = z.object({
  smtp: z.email(),
  displayName: z.string().min(1).optional(),
  /** Online: the Entra tenant id (created if new). On-premises: the organisation name (defaults to the domain). */
  tenantId: z.string().min(1).optional(),
  /** On-premises: an AD account that owns the mailbox and logs on with a password. */
  account: z.object({ domain: z.string().min(1), username: z.string().min(1), password: z.string().min(1), upn: z.email().optional() }).optional(),
  ewsEnabled: z.boolean().nullable().optional(),
  ewsLicensed: z.boolean().optional(),
  /** The owner's Entra object id, which Graph's /users/{id} accepts (a stable GUID from the mailbox when absent). */
  userId: z.uuid().optional(),
  restApi: z.enum(["enabled", "onPremises", "inactive", "softDeleted"]).optional(),
});

export const updateMailboxInput = z.object({
  ewsEnabled: z.boolean().nullable().optional(),
  ewsLicensed: z.boolean().optional(),
  /** Graph answers 404 MailboxNotEnabledForRESTAPI unless "enabled" (on-premises, inactive, soft-deleted mailboxes). */
  restApi: z.enum(["enabled", "onPremises", "inactive", "softDeleted"]).optional(),
});

export const addAccountInput = z.object({
  domain: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  upn: z.email().optional(),
  /** Organisation (on-premises) the account belongs to; defaults to the first organisation. */
  org: z.string().min(1).optional(),
  mailbox: z.email().optional(),
  /** ApplicationImpersonation: everyone in the organisation, or a management scope listing mailboxes. */
  impersonation: z.union([z.literal("all"), z.object({ mailboxes: z.array(z.email()).min(1) })]).optional(),
});

export const seedInput = z.object({
  seed: z.number().int().nonnegative(),
  messages: z.number().int().min(0).max(2_000_000),
  events: z.number().int().min(0).max(2_000_000).default(0),
  colleagues: z.array(participant).optional(),
  externals: z.array(participant).optional(),
  customerRatio: ratio.default(0.3),
  privateRatio: ratio.default(0.05),
  attachmentRatio: ratio.default(0.2),
  meetingRequestRatio: ratio.default(0.05),
  sentRatio: ratio.default(0.25),
  unreadRatio: ratio.default(0.1),
  endTime: isoInstant.optional(),
  spanDays: z.number().positive().max(3650).default(90),
});

const attachment = z.object({ name: z.string().min(1), contentType: z.string().min(1), size: z.number().int().positive() });

export const deliverMailInput = z.object({
  from: participant,
  to: z.array(participant).optional(),
  cc: z.array(participant).optional(),
  bcc: z.array(participant).optional(),
  subject: z.string(),
  body: z.string().optional(),
  /** Give the same value to several mailboxes to simulate one message received by all of them. */
  internetMessageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/, "must look like <local@host>").optional(),
  attachments: z.array(attachment).optional(),
  sensitivity: sensitivity.optional(),
  importance: z.enum(["Low", "Normal", "High"]).optional(),
  isRead: z.boolean().optional(),
  folder: z.enum(["inbox", "sentitems", "drafts", "deleteditems", "junkemail"]).optional(),
});

const attendee = z.object({ name: z.string().min(1), email: z.email(), response: z.enum(["Unknown", "Organizer", "Tentative", "Accept", "Decline", "NoResponseReceived"]).optional() });

export const createEventInput = z
  .object({
    subject: z.string(),
    start: isoInstant,
    end: isoInstant,
    organizer: participant,
    required: z.array(attendee).optional(),
    optional: z.array(attendee).optional(),
    location: z.string().optional(),
    uid: z.string().min(1).optional(),
    isAllDay: z.boolean().optional(),
    sensitivity: sensitivity.optional(),
    body: z.string().optional(),
    /** Also deliver the meeting request to the Inbox (attendee's view of a new invitation). */
    meetingRequest: z.boolean().optional(),
    myResponse: z.enum(["Organizer", "Tentative", "Accept", "Decline", "NoResponseReceived"]).optional(),
  })
  .refine((e) => Date.parse(e.end) >= Date.parse(e.start), { message: "end must not be before start", path: ["end"] });

/** A recurring series: the event input plus a numbered weekly or daily pattern from its start. */
export const createRecurringEventInput = z
  .object({
    subject: z.string(),
    start: isoInstant,
    end: isoInstant,
    organizer: participant,
    required: z.array(attendee).optional(),
    optional: z.array(attendee).optional(),
    location: z.string().optional(),
    uid: z.string().min(1).optional(),
    sensitivity: sensitivity.optional(),
    body: z.string().optional(),
    myResponse: z.enum(["Organizer", "Tentative", "Accept", "Decline", "NoResponseReceived"]).optional(),
    pattern: z.enum(["daily", "weekly"]),
    interval: z.number().int().positive().max(99).default(1),
    numberOfOccurrences: z.number().int().min(1).max(999),
  })
  .refine((e) => Date.parse(e.end) >= Date.parse(e.start), { message: "end must not be before start", path: ["end"] });

export const moveEventInput = z
  .object({ start: isoInstant, end: isoInstant })
  .refine((e) => Date.parse(e.end) >= Date.parse(e.start), { message: "end must not be before start", path: ["end"] });

export const cancelOccurrenceInput = z.object({ originalStart: isoInstant });

export const modifyOccurrenceInput = z
  .object({ originalStart: isoInstant, start: isoInstant, end: isoInstant, subject: z.string().optional(), location: z.string().optional() })
  .refine((e) => Date.parse(e.end) >= Date.parse(e.start), { message: "end must not be before start", path: ["end"] });

export const updateItemInput = z.object({
  subject: z.string().optional(),
  body: z.string().optional(),
  isRead: z.boolean().optional(),
  sensitivity: sensitivity.optional(),
  start: isoInstant.optional(),
  end: isoInstant.optional(),
  location: z.string().optional(),
  isCancelled: z.boolean().optional(),
});

export const deleteItemInput = z.object({ mode: z.enum(["soft", "hard"]).default("soft") });

export const faultInput = z.object({
  fault: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("serverBusy"), backOffMs: z.number().int().nonnegative().default(30000) }),
    z.object({ kind: z.literal("http"), status: z.union([z.literal(401), z.literal(403), z.literal(503)]) }),
    z.object({ kind: z.literal("invalidSyncState") }),
    z.object({ kind: z.literal("nonExistentMailbox") }),
    z.object({ kind: z.literal("impersonateUserDenied") }),
    z.object({ kind: z.literal("exceededConnectionCount") }),
    z.object({ kind: z.literal("concurrentSyncCalls") }),
  ]),
  mailbox: z.email().optional(),
  operation: z.enum(["SyncFolderItems", "SyncFolderHierarchy", "GetItem", "GetFolder", "FindItem"]).optional(),
  count: z.number().int().positive().default(1),
  /** Matching calls let through before the fault starts. */
  skip: z.number().int().nonnegative().default(0),
});

export const latencyInput = z.object({ ms: z.number().int().min(0).max(120_000), mailbox: z.email().optional() });

export const throttlingInput = z.object({
  maxConcurrency: z.number().int().positive().optional(),
  concurrentSyncCalls: z.number().int().positive().optional(),
});

export const autodiscoverRedirectInput = z.union([
  z.object({ address: z.email(), redirectAddress: z.email() }),
  z.object({ address: z.email(), redirectUrl: z.url() }),
  z.object({ address: z.email(), clear: z.literal(true) }),
]);

export const anchorMailboxPolicyInput = z.object({ policy: z.enum(["require", "ignore"]) });

export type CreateTenantInput = z.input<typeof createTenantInput>;
export type UpdateTenantInput = z.input<typeof updateTenantInput>;
export type CreateMailboxInput = z.input<typeof createMailboxInput>;
export type UpdateMailboxInput = z.input<typeof updateMailboxInput>;
export type AddAccountInput = z.input<typeof addAccountInput>;
export type SeedInput = z.input<typeof seedInput>;
export type DeliverMailInput = z.input<typeof deliverMailInput>;
export type CreateEventInput = z.input<typeof createEventInput>;
export type CreateRecurringEventInput = z.input<typeof createRecurringEventInput>;
export type MoveEventInput = z.input<typeof moveEventInput>;
export type CancelOccurrenceInput = z.input<typeof cancelOccurrenceInput>;
export type ModifyOccurrenceInput = z.input<typeof modifyOccurrenceInput>;
export type UpdateItemInput = z.input<typeof updateItemInput>;
export type DeleteItemInput = z.input<typeof deleteItemInput>;
export type FaultInput = z.input<typeof faultInput>;
export type LatencyInput = z.input<typeof latencyInput>;
export type ThrottlingInput = z.input<typeof throttlingInput>;
export const migrateMailboxInput = z.discriminatedUnion("phase", [
  z.object({ smtp: z.email(), phase: z.literal("moving") }),
  z.object({ smtp: z.email(), phase: z.literal("moved"), cloudAddress: z.email() }),
  z.object({ smtp: z.email(), phase: z.literal("home") }),
]);

export type MigrateMailboxInput = z.input<typeof migrateMailboxInput>;
export type AutodiscoverRedirectInput = z.input<typeof autodiscoverRedirectInput>;
export type AnchorMailboxPolicyInput = z.input<typeof anchorMailboxPolicyInput>;
