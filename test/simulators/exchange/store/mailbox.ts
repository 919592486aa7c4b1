/**
 * One simulated mailbox: its folders, id minting, and the mutations the control API performs (deliver, update, delete).
 */
import type { ItemData, ItemPatch, Participant } from "../model/types";
import type { ItemFolderName } from "./folders";
import { ITEM_FOLDERS, folderByCode, folderByName } from "./folders";
import type { LiveItem } from "./folderState";
import { FolderState } from "./folderState";
import type { MailboxGenerator } from "./generator";
import { encodeChangeKey, encodeItemId, decodeItemId } from "./ids";

/** How Graph sees the mailbox: only "enabled" answers; the rest get 404 MailboxNotEnabledForRESTAPI (KB 4462988). */
export type RestApiAvailability = "enabled" | "onPremises" | "inactive" | "softDeleted";

export type AutodiscoverRedirect = { readonly redirectAddress: string } | { readonly redirectUrl: string };

export interface MailboxInit {
  readonly smtp: string;
  readonly displayName: string;
  readonly guid: Buffer;
  readonly orgId: string;
  readonly domain: string;
  readonly messageIdHost: string;
}

/** Where an item id points, or why it points nowhere. */
export type ItemLookup =
  | { readonly status: "found"; readonly folder: FolderState; readonly item: LiveItem }
  | { readonly status: "malformed" }
  | { readonly status: "otherMailbox"; readonly mailboxGuid: Buffer }
  | { readonly status: "notFound" };

const EMPTY_GENERATOR: MailboxGenerator = {
  count: () => 0,
  item: () => {
    throw new RangeError("empty mailbox");
  },
  kind: () => {
    throw new RangeError("empty mailbox");
  },
  isUnread: () => false,
};

export class Mailbox {
  readonly smtp: string;
  readonly displayName: string;
  readonly guid: Buffer;
  readonly orgId: string;
  readonly domain: string;
  readonly messageIdHost: string;
  /** Set-CASMailbox -EwsEnabled: null means "inherit from the organisation". */
  ewsEnabled: boolean | null = null;
  /** False for licences without EWS (EXO Kiosk / F1 / F3 since 2026), answered with HTTP 403. */
  ewsLicensed = true;
  autodiscoverRedirect: AutodiscoverRedirect | undefined;
  restApi: RestApiAvailability = "enabled";
  /** The owner's Microsoft Graph user id (Entra object id); set by MailboxStore. */
  userId = "";
  /** Bumped on every re-seed: ids and sync states minted before no longer resolve. */
  epoch = 0;
  /** Folder states are created on first use: 10,000 mostly idle mailboxes should cost little memory. */
  private folders = new Map<ItemFolderName, FolderState>();
  private generator: MailboxGenerator = EMPTY_GENERATOR;
  private readonly counters = new Map<string, number>();
  /** Moved items: current place -> where the item was created, and back ("folderCode:key"); Graph immutable ids use it. */
  private movedFrom = new Map<string, string>();
  private movedTo = new Map<string, string>();

  constructor(init: MailboxInit) {
    this.smtp = init.smtp;
    this.displayName = init.displayName;
    this.guid = init.guid;
    this.orgId = init.orgId;
    this.domain = init.domain;
    this.messageIdHost = init.messageIdHost;
  }

  get owner(): Participant {
    return { name: this.displayName, email: this.smtp };
  }

  /** Replaces all content with a (lazy) generated population. */
  reset(generator: MailboxGenerator): void {
    this.epoch++;
    this.generator = generator;
    this.folders = new Map();
    this.movedFrom = new Map();
    this.movedTo = new Map();
  }

  /** Where the item now at (folderCode, key) was created; itself unless it was moved. */
  originOf(folderCode: number, key: number): { folderCode: number; key: number } {
    return parsePlace(this.movedFrom.get(`${folderCode}:${key}`)) ?? { folderCode, key };
  }

  /** Where the item created at (folderCode, key) is now. */
  currentPlaceOf(folderCode: number, key: number): { folderCode: number; key: number } {
    return parsePlace(this.movedTo.get(`${folderCode}:${key}`)) ?? { folderCode, key };
  }

  folder(name: ItemFolderName): FolderState {
    let state = this.folders.get(name);
    if (!state) {
      const generator = this.generator;
      state = new FolderState(name, {
        count: generator.count(name),
        item: (key) => generator.item(name, key),
        kind: (key) => generator.kind(name, key),
        isUnread: (key) => generator.isUnread(name, key),
      });
      this.folders.set(name, state);
    }
    return state;
  }

  itemId(folder: ItemFolderName, key: number): string {
    const code = folderByName(folder)?.code ?? 0;
    return encodeItemId({ mailboxGuid: this.guid, folderCode: code, epoch: this.epoch, key });
  }

  changeKey(version: number): string {
    return encodeChangeKey(this.guid, this.epoch, version);
  }

  lookup(id: string): ItemLookup {
    const parts = decodeItemId(id);
    if (!parts) return { status: "malformed" };
    if (!parts.mailboxGuid.equals(this.guid)) return { status: "otherMailbox", mailboxGuid: parts.mailboxGuid };
    const def = folderByCode(parts.folderCode);
    if (!def || parts.epoch !== this.epoch || !(ITEM_FOLDERS as readonly string[]).includes(def.name)) return { status: "notFound" };
    const folder = this.folder(def.name as ItemFolderName);
    const item = folder.get(parts.key);
    return item ? { status: "found", folder, item } : { status: "notFound" };
  }

  deliver(folder: ItemFolderName, data: ItemData): { id: string; item: LiveItem } {
    const item = this.folder(folder).deliver(data);
    return { id: this.itemId(folder, item.key), item };
  }

  update(id: string, patch: ItemPatch, now: number): LiveItem | undefined {
    const found = this.lookup(id);
    if (found.status !== "found") return undefined;
    return found.folder.update(found.item.key, applyPatch(found.item.data, patch, now));
  }

  /** "soft" moves the item to Deleted Items (what Outlook does; the item gets a new id there), "hard" purges it. */
  delete(id: string, mode: "soft" | "hard"): { deletedItemsId?: string } | undefined {
    const found = this.lookup(id);
    if (found.status !== "found") return undefined;
    found.folder.delete(found.item.key);
    if (mode === "hard" || found.folder.name === "deleteditems") return {};
    const moved = this.deliver("deleteditems", found.item.data);
    const fromCode = folderByName(found.folder.name)?.code ?? 0;
    const origin = this.originOf(fromCode, found.item.key);
    const place = `${folderByName("deleteditems")?.code ?? 0}:${moved.item.key}`;
    this.movedFrom.set(place, `${origin.folderCode}:${origin.key}`);
    this.movedTo.set(`${origin.folderCode}:${origin.key}`, place);
    return { deletedItemsId: moved.id };
  }

  count(operation: string): void {
    this.counters.set(operation, (this.counters.get(operation) ?? 0) + 1);
  }

  callCounters(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  resetCounters(): void {
    this.counters.clear();
  }
}

function parsePlace(place: string | undefined): { folderCode: number; key: number } | undefined {
  if (!place) return undefined;
  const [code, key] = place.split(":").map(Number);
  return { folderCode: code as number, key: key as number };
}

function applyPatch(data: ItemData, patch: ItemPatch, now: number): ItemData {
  const common = {
    subject: patch.subject ?? data.subject,
    body: patch.body ?? data.body,
    sensitivity: patch.sensitivity ?? data.sensitivity,
    lastModified: now,
  };
  const onlyRead = Object.keys(patch).length > 0 && Object.keys(patch).every((k) => k === "isRead");
  // Marking read/unread touches nothing else, so sync clients see a ReadFlagChange rather than an Update.
  if (onlyRead && data.kind !== "calendarItem") return { ...data, isRead: patch.isRead ?? data.isRead };
  if (data.kind === "calendarItem" || data.kind === "meetingRequest") {
    const cancelNow = patch.isCancelled === true && !data.meeting.isCancelled;
    const meeting = {
      ...data.meeting,
      start: patch.start ?? data.meeting.start,
      end: patch.end ?? data.meeting.end,
      location: patch.location ?? data.meeting.location,
      isCancelled: patch.isCancelled ?? data.meeting.isCancelled,
      sequence:
        data.meeting.sequence +
        (patch.start !== undefined || patch.end !== undefined || patch.location !== undefined || patch.recurrence !== undefined || cancelNow ? 1 : 0),
      ...(patch.recurrence !== undefined || data.meeting.recurrence !== undefined ? { recurrence: patch.recurrence ?? data.meeting.recurrence } : {}),
    };
    // Exchange prefixes the subject of a cancelled meeting with "Canceled: ".
    const subject = cancelNow && patch.subject === undefined && !common.subject.startsWith("Canceled: ") ? `Canceled: ${common.subject}` : common.subject;
    if (data.kind === "calendarItem") return { ...data, ...common, subject, meeting };
    return { ...data, ...common, subject, meeting, isRead: patch.isRead ?? data.isRead };
  }
  return { ...data, ...common, isRead: patch.isRead ?? data.isRead };
}
