/**
 * Lazy, deterministic mailbox content. `item(folder, key)` builds item number `key` of a folder from (seed, folder, key)
 * alone, so a 100,000-item mailbox costs a few numbers of memory and any page can be produced without the others.
 * Keys run 1..count in chronological order (key = the change number at which the item was created).
 */
import type { Attendee, CalendarItemData, ItemData, MeetingFields, MeetingRequestData, MessageData, Participant, ResponseType, Sensitivity } from "../model/types";
import type { ItemFolderName } from "./folders";
import { folderByName } from "./folders";
import { Rng, hashInts, hashString } from "./random";
import { ATTACHMENTS, COMPANIES, FIRST_NAMES, LAST_NAMES, LOCATIONS, MAIL_SUBJECTS, MEETING_SUBJECTS, SENTENCES } from "./vocabulary";

export interface SeedSpec {
  readonly seed: number;
  /** Messages across Inbox and Sent Items (meeting requests included in the Inbox share). */
  readonly messages: number;
  /** Calendar items. */
  readonly events: number;
  readonly colleagues: readonly Participant[];
  readonly externals: readonly Participant[];
  /** Share of items (0..1) that involve at least one external address. */
  readonly customerRatio: number;
  readonly privateRatio: number;
  readonly attachmentRatio: number;
  readonly meetingRequestRatio: number;
  readonly sentRatio: number;
  readonly unreadRatio: number;
  /** Newest generated item's time (epoch ms) and how far back the items spread. */
  readonly endTime: number;
  readonly spanDays: number;
}

export interface MailboxOwner {
  readonly name: string;
  readonly email: string;
  /** Host used in Message-IDs of mail sent from this organisation. */
  readonly messageIdHost: string;
}

export interface MailboxGenerator {
  count(folder: ItemFolderName): number;
  item(folder: ItemFolderName, key: number): ItemData;
  /** The item's kind without building it (an IdOnly sync only needs the element name). */
  kind(folder: ItemFolderName, key: number): ItemData["kind"];
  /** Cheap answer without building the item (folder unread counts over 100k items). */
  isUnread(folder: ItemFolderName, key: number): boolean;
}

const UID_PREFIX = "040000008200E00074C5B7101A82E00800000000";
const DAY = 86_400_000;
const MINUTE = 60_000;

export function defaultColleagues(domain: string, ownerEmail: string, count = 12): Participant[] {
  const out: Participant[] = [];
  for (let i = 0; out.length < count && i < FIRST_NAMES.length * LAST_NAMES.length; i++) {
    const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[(i * 11 + 3) % LAST_NAMES.length] as string;
    const email = `${first}.${last}@${domain}`.toLowerCase();
    if (email === ownerEmail.toLowerCase() || out.some((p) => p.email === email)) continue;
    out.push({ name: `${first} ${last}`, email });
  }
  return out;
}

export function defaultExternals(count = 8): Participant[] {
  const out: Participant[] = [];
  for (let i = 0; i < count; i++) {
    const first = FIRST_NAMES[(i * 5 + 2) % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[(i * 3 + 7) % LAST_NAMES.length] as string;
    const company = (COMPANIES[i % COMPANIES.length] as string).toLowerCase().replace(/\s+/g, "");
    out.push({ name: `${first} ${last}`, email: `${first}.${last}@${company}.example`.toLowerCase() });
  }
  return out;
}

export function createGenerator(spec: SeedSpec, owner: MailboxOwner): MailboxGenerator {
  const inboxCount = Math.round(spec.messages * (1 - spec.sentRatio));
  const counts: Record<ItemFolderName, number> = {
    inbox: inboxCount,
    sentitems: spec.messages - inboxCount,
    calendar: spec.events,
    drafts: 0,
    deleteditems: 0,
    outbox: 0,
    junkemail: 0,
    contacts: 0,
    tasks: 0,
  };
  // Addresses compared below are normalised once here, not per generated item.
  const lower = (p: Participant): Participant => ({ name: p.name, email: p.email.toLowerCase() });
  const ownerP: Participant = lower(owner);
  const colleagues = spec.colleagues.length > 0 ? spec.colleagues.map(lower) : [ownerP];
  const externals = spec.externals.map(lower);
  const span = spec.spanDays * DAY;

  const rngFor = (folder: ItemFolderName, key: number, salt = 0) =>
    new Rng(hashInts(spec.seed, folderByName(folder)?.code ?? 0, key, salt));

  /** Strictly increasing in key; the newest item lands on endTime. */
  const timeOf = (folder: ItemFolderName, key: number): number => {
    const n = counts[folder];
    const step = span / Math.max(n, 1);
    const base = spec.endTime - Math.floor((span * (n - key)) / Math.max(n, 1));
    const jitter = Math.floor(rngFor(folder, key, 7).next() * Math.min(step / 2, 10 * MINUTE));
    return Math.floor((base - jitter) / 1000) * 1000;
  };

  const involvesCustomer = (rng: Rng) => externals.length > 0 && rng.chance(spec.customerRatio);
  const sensitivity = (rng: Rng): Sensitivity => (rng.chance(spec.privateRatio) ? "Private" : "Normal");
  const fill = (template: string, rng: Rng) =>
    template.replace("{company}", rng.pick(COMPANIES)).replace("{n}", String(rng.int(1000, 99999)));
  const bodyText = (rng: Rng, subject: string) =>
    [`Hi,`, `Regarding "${subject}":`, ...rng.pickDistinct(SENTENCES, rng.int(2, 4)), "Best regards"].join("\n\n");
  const attachments = (rng: Rng) =>
    rng.chance(spec.attachmentRatio)
      ? rng.pickDistinct(ATTACHMENTS, rng.int(1, 3)).map((a) => ({ ...a, size: rng.int(8_000, 2_500_000) }))
      : [];
  const messageId = (rng: Rng, from: Participant) => {
    const host = from.email.toLowerCase().endsWith(`@${owner.email.split("@")[1]?.toLowerCase()}`)
      ? owner.messageIdHost
      : `mail.${from.email.split("@")[1] ?? "example.com"}`;
    return `<${rng.hex(16).toUpperCase()}@${host}>`;
  };
  const others = (list: readonly Participant[], exclude: readonly Participant[]) => list.filter((p) => !exclude.some((e) => e.email === p.email));

  const isUnread = (folder: ItemFolderName, key: number): boolean => {
    if (folder !== "inbox") return false;
    return new Rng(hashInts(spec.seed, 3, key, 99)).chance(spec.unreadRatio);
  };

  // Meeting requests re-read calendar items; a small cache keeps that cheap.
  const eventCache = new Map<number, CalendarItemData>();
  const event = (key: number): CalendarItemData => {
    const hit = eventCache.get(key);
    if (hit) return hit;
    const built = buildEvent(key);
    if (eventCache.size >= 4096) eventCache.clear();
    eventCache.set(key, built);
    return built;
  };

  /**
   * Who organises event `key` and whether it was cancelled, from a separate draw: deciding that an Inbox item is a
   * meeting request (an IdOnly sync needs only that) must not require building calendar items.
   */
  const eventMeta = (key: number): { ownerOrganizes: boolean; cancelled: boolean } => {
    const rng = rngFor("calendar", key, 1);
    const ownerOrganizes = rng.chance(0.4);
    return { ownerOrganizes, cancelled: !ownerOrganizes && rng.chance(0.03) };
  };

  const buildEvent = (key: number): CalendarItemData => {
    const rng = rngFor("calendar", key);
    const created = timeOf("calendar", key);
    const customer = involvesCustomer(rng);
    const { ownerOrganizes, cancelled } = eventMeta(key);
    const external = customer ? rng.pick(externals) : undefined;
    const organizer = ownerOrganizes ? ownerP : external && rng.chance(0.5) ? external : rng.pick(colleagues);
    const pool = others(colleagues, [organizer, ownerP]);
    const requiredPeople: Participant[] = [];
    if (organizer !== ownerP) requiredPeople.push(ownerP);
    if (external && external !== organizer) requiredPeople.push(external);
    requiredPeople.push(...rng.pickDistinct(pool, rng.int(1, 3)));
    const optionalPeople = rng.pickDistinct(others(pool, requiredPeople), rng.int(0, 2));
    const responses: readonly ResponseType[] = ["Accept", "Tentative", "Decline", "NoResponseReceived"];
    const attendee = (p: Participant): Attendee => ({
      person: p,
      response: ownerOrganizes ? rng.pick(responses) : p === ownerP ? "Accept" : "Unknown",
    });
    const allDay = rng.chance(0.05);
    const startDay = Math.floor(created / DAY) * DAY + rng.int(0, 30) * DAY;
    const start = allDay ? startDay : startDay + rng.int(16, 34) * 30 * MINUTE;
    const end = allDay ? start + DAY : start + rng.pick([30, 60, 90]) * MINUTE;
    const subject = fill(rng.pick(MEETING_SUBJECTS), rng);
    const meeting: MeetingFields = {
      uid: UID_PREFIX + hashInts(spec.seed, 9, key).toString(16).toUpperCase().padStart(8, "0") + rng.hex(12).toUpperCase(),
      start,
      end,
      isAllDay: allDay,
      location: rng.chance(0.3) ? "" : rng.pick(LOCATIONS),
      organizer,
      required: requiredPeople.map(attendee),
      optional: optionalPeople.map(attendee),
      isCancelled: cancelled,
      sequence: 0,
    };
    return {
      kind: "calendarItem",
      subject: cancelled ? `Canceled: ${subject}` : subject,
      body: bodyText(rng, subject),
      sensitivity: sensitivity(rng),
      importance: "Normal",
      attachments: attachments(rng),
      created,
      lastModified: created,
      meeting,
      myResponse: ownerOrganizes ? "Organizer" : rng.pick(["Accept", "Tentative", "NoResponseReceived"] as const),
    };
  };

  /** The calendar item an Inbox meeting request stands for: one organised by someone else, not cancelled. */
  const invitationEventKey = (key: number): number | undefined => {
    if (counts.calendar === 0) return undefined;
    const first = (hashInts(spec.seed, 3, key, 5) % counts.calendar) + 1;
    for (let attempt = 0; attempt < 20; attempt++) {
      const eventKey = ((first - 1 + attempt) % counts.calendar) + 1;
      const meta = eventMeta(eventKey);
      if (!meta.ownerOrganizes && !meta.cancelled) return eventKey;
    }
    return undefined;
  };
  const invitationEvent = (key: number): CalendarItemData | undefined => {
    const eventKey = invitationEventKey(key);
    return eventKey === undefined ? undefined : event(eventKey);
  };

  /** Inbox item `key` is a meeting request when its first draw says so and a suitable calendar item exists. */
  const inboxKind = (key: number): "message" | "meetingRequest" =>
    rngFor("inbox", key).chance(spec.meetingRequestRatio) && invitationEventKey(key) !== undefined ? "meetingRequest" : "message";

  /** A meeting request in the Inbox mirrors a calendar item organised by someone else. */
  const meetingRequestFor = (key: number, rng: Rng): MeetingRequestData | undefined => {
    const ev = invitationEvent(key);
    if (ev) {
      const received = timeOf("inbox", key);
      return {
        kind: "meetingRequest",
        subject: ev.subject,
        body: ev.body,
        sensitivity: ev.sensitivity,
        importance: "Normal",
        attachments: [],
        created: received,
        lastModified: received,
        from: ev.meeting.organizer,
        sender: ev.meeting.organizer,
        to: ev.meeting.required.map((a) => a.person),
        cc: ev.meeting.optional.map((a) => a.person),
        bcc: [],
        isRead: !isUnread("inbox", key),
        internetMessageId: messageId(rng, ev.meeting.organizer),
        received,
        sent: received - rng.int(2, 90) * 1000,
        meeting: ev.meeting,
      };
    }
    return undefined;
  };

  const inboxMessage = (key: number): MessageData | MeetingRequestData => {
    const rng = rngFor("inbox", key);
    if (rng.chance(spec.meetingRequestRatio)) {
      const request = meetingRequestFor(key, rng);
      if (request) return request;
    }
    const customer = involvesCustomer(rng);
    const from = customer ? rng.pick(externals) : rng.pick(others(colleagues, [ownerP]).length ? others(colleagues, [ownerP]) : colleagues);
    const to = [ownerP, ...rng.pickDistinct(others(colleagues, [ownerP, from]), rng.chance(0.3) ? 1 : 0)];
    const cc = rng.chance(0.25) ? rng.pickDistinct(others(colleagues, [ownerP, from, ...to]), 1) : [];
    const subject = (rng.chance(0.4) ? "RE: " : "") + fill(rng.pick(MAIL_SUBJECTS), rng);
    const received = timeOf("inbox", key);
    return {
      kind: "message",
      subject,
      body: bodyText(rng, subject),
      sensitivity: sensitivity(rng),
      importance: rng.chance(0.05) ? "High" : "Normal",
      attachments: attachments(rng),
      created: received,
      lastModified: received,
      from,
      sender: from,
      to,
      cc,
      bcc: [],
      isRead: !isUnread("inbox", key),
      internetMessageId: messageId(rng, from),
      received,
      sent: received - rng.int(2, 90) * 1000,
    };
  };

  const sentMessage = (key: number): MessageData => {
    const rng = rngFor("sentitems", key);
    const customer = involvesCustomer(rng);
    const colleaguePool = others(colleagues, [ownerP]);
    const primary = customer ? rng.pick(externals) : rng.pick(colleaguePool.length ? colleaguePool : colleagues);
    const to = [primary, ...(rng.chance(0.2) ? rng.pickDistinct(others(colleaguePool, [primary]), 1) : [])];
    const cc = rng.chance(0.25) ? rng.pickDistinct(others(colleaguePool, to), 1) : [];
    const bcc = rng.chance(0.05) ? rng.pickDistinct(others(colleaguePool, [...to, ...cc]), 1) : [];
    const subject = (rng.chance(0.5) ? "RE: " : "") + fill(rng.pick(MAIL_SUBJECTS), rng);
    const sent = timeOf("sentitems", key);
    return {
      kind: "message",
      subject,
      body: bodyText(rng, subject),
      sensitivity: sensitivity(rng),
      importance: "Normal",
      attachments: attachments(rng),
      created: sent,
      lastModified: sent,
      from: ownerP,
      sender: ownerP,
      to,
      cc,
      bcc,
      isRead: true,
      internetMessageId: messageId(rng, ownerP),
      received: sent,
      sent,
    };
  };

  return {
    count: (folder) => counts[folder],
    isUnread,
    kind: (folder, key) => (folder === "calendar" ? "calendarItem" : folder === "inbox" ? inboxKind(key) : "message"),
    item: (folder, key) => {
      if (key < 1 || key > counts[folder]) throw new RangeError(`no generated item ${key} in ${folder}`);
      switch (folder) {
        case "inbox": return inboxMessage(key);
        case "sentitems": return sentMessage(key);
        case "calendar": return event(key);
        default: throw new RangeError(`${folder} has no generated items`);
      }
    },
  };
}

/** Message-ID host of mail sent from inside a simulated organisation (EXO ids end in prod.outlook.com). */
export function messageIdHostFor(mode: "online" | "onprem", domain: string, smtp: string): string {
  const n = hashString(smtp) % 9000;
  return mode === "online" ? `SIM${String(n).padStart(4, "0")}MB1234.namprd11.prod.outlook.com` : `EXCH01.${domain}`;
}
