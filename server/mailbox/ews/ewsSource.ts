import type { ExchangeService, PropertyDefinitionBase } from "ews-javascript-api";
import {
  AppointmentSchema,
  BasePropertySet,
  BodyType,
  ChangeType,
  EmailMessageSchema,
  FolderId,
  ItemId,
  ItemSchema,
  PropertySet,
  ServiceError,
  ServiceResult,
  SyncFolderItemsScope,
  WellKnownFolderName,
} from "ews-javascript-api";
import type { Change, ChangePage, FolderKind, MailItem } from "../items";
import type { MailboxSource } from "../mailboxSource";
import { toMailboxError } from "./ewsErrors";
import { toMailItem } from "./ewsItems";

const wellKnown: Record<FolderKind, WellKnownFolderName> = {
  inbox: WellKnownFolderName.Inbox,
  sentitems: WellKnownFolderName.SentItems,
  calendar: WellKnownFolderName.Calendar,
};

export interface EwsSourceOptions {
  /** Items per GetItem call. Microsoft suggests small batches; each batch is one call. */
  readonly getItemBatch: number;
  /** Ask for bodies only when the capture level keeps them. */
  readonly withBody: boolean;
  /** Wraps every call (per-account concurrency cap, throttling retry); identity by default. */
  readonly call?: <T>(op: string, fn: () => Promise<T>) => Promise<T>;
}

function propertySet(folder: FolderKind, withBody: boolean): PropertySet {
  const common: PropertyDefinitionBase[] = [ItemSchema.Subject, ItemSchema.Sensitivity, ItemSchema.ItemClass, ItemSchema.DateTimeReceived];
  const specific: PropertyDefinitionBase[] =
    folder === "calendar"
      ? [
          AppointmentSchema.Start,
          AppointmentSchema.End,
          AppointmentSchema.IsAllDayEvent,
          AppointmentSchema.Location,
          AppointmentSchema.Organizer,
          AppointmentSchema.RequiredAttendees,
          AppointmentSchema.OptionalAttendees,
          AppointmentSchema.IsCancelled,
          AppointmentSchema.ICalUid,
        ]
      : [
          EmailMessageSchema.From,
          EmailMessageSchema.ToRecipients,
          EmailMessageSchema.CcRecipients,
          EmailMessageSchema.BccRecipients,
          EmailMessageSchema.InternetMessageId,
          ItemSchema.DateTimeSent,
          ItemSchema.HasAttachments,
          ItemSchema.Attachments,
        ];
  const set = new PropertySet(BasePropertySet.IdOnly, [...common, ...specific, ...(withBody ? [ItemSchema.Body] : [])]);
  // Plain text is what a CRM note wants; Exchange converts.
  if (withBody) set.RequestedBodyType = BodyType.Text;
  return set;
}

/** A mailbox over EWS: SyncFolderItems (IdOnly, up to 512 changes a page) from the saved state, then GetItem in batches. */
export class EwsSource implements MailboxSource {
  private callCount = 0;

  constructor(
    private readonly service: ExchangeService,
    private readonly options: EwsSourceOptions,
  ) {}

  get calls(): number {
    return this.callCount;
  }

  private async call<T>(op: string, fn: () => Promise<T>): Promise<T> {
    const wrap = this.options.call ?? ((_op: string, f: () => Promise<T>) => f());
    return wrap(op, async () => {
      this.callCount++;
      try {
        return await fn();
      } catch (err) {
        throw toMailboxError(err);
      }
    });
  }

  async listChanges(folder: FolderKind, cursor: string | null, maxChanges: number): Promise<ChangePage> {
    const result = await this.call("SyncFolderItems", () =>
      this.service.SyncFolderItems(
        new FolderId(wellKnown[folder]),
        new PropertySet(BasePropertySet.IdOnly),
        [],
        Math.max(1, Math.min(512, maxChanges)),
        SyncFolderItemsScope.NormalItems,
        cursor ?? "",
      ),
    );
    const changes: Change[] = [];
    for (const c of result.GetEnumerator()) {
      const itemId = c.ItemId?.UniqueId ?? c.Id?.UniqueId;
      if (!itemId) continue;
      if (c.ChangeType === ChangeType.Create || c.ChangeType === ChangeType.Update) changes.push({ kind: "upsert", itemId });
      else if (c.ChangeType === ChangeType.Delete) changes.push({ kind: "delete", itemId });
      else changes.push({ kind: "readFlag", itemId });
    }
    return { changes, nextCursor: result.SyncState, done: !result.MoreChangesAvailable };
  }

  async getItems(folder: FolderKind, ids: readonly string[]): Promise<MailItem[]> {
    const set = propertySet(folder, this.options.withBody);
    const items: MailItem[] = [];
    for (let i = 0; i < ids.length; i += this.options.getItemBatch) {
      const batch = ids.slice(i, i + this.options.getItemBatch).map((id) => new ItemId(id));
      const responses = await this.call("GetItem", () => this.service.BindToItems(batch, set));
      for (const r of responses.Responses) {
        if (r.Result === ServiceResult.Success && r.Item) items.push(toMailItem(r.Item));
        // ErrorItemNotFound: deleted since the change was listed; its Delete change comes on a later page.
        else if (r.Result === ServiceResult.Error && r.ErrorCode !== ServiceError.ErrorItemNotFound) {
          throw toMailboxError(Object.assign(new Error(r.ErrorMessage ?? "GetItem failed"), { ErrorCode: r.ErrorCode }));
        }
      }
    }
    return items;
  }
}
