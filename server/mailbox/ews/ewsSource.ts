import type { ChangePage, FolderKind, MailItem } from "../items";
import { MailboxError } from "../mailboxError";
import type { MailboxSource } from "../mailboxSource";
import type { EwsService } from "./ewsService";
import { toMailItem } from "./ewsItems";
import { getItemRequest, readChangePage, syncFolderItemsRequest } from "./ewsOperations";
import { NS } from "./soapEnvelope";
import { child } from "./xmlTree";

export interface EwsSourceOptions {
  /** Items per GetItem call. Microsoft suggests small batches; each batch is one call. */
  readonly getItemBatch: number;
  /** Ask for bodies only when the capture level keeps them. */
  readonly withBody: boolean;
  /** Wraps every call (per-account concurrency cap, throttling retry); identity by default. */
  readonly call?: <T>(op: string, fn: () => Promise<T>) => Promise<T>;
}

// Deleted since the change was listed: its Delete change comes on a later page.
const itemGone = (code: string) => code === "ErrorItemNotFound";

/** A mailbox over EWS: SyncFolderItems (IdOnly, up to 512 changes a page) from the saved state, then GetItem in batches. */
export class EwsSource implements MailboxSource {
  private callCount = 0;

  constructor(
    private readonly service: EwsService,
    private readonly options: EwsSourceOptions,
  ) {}

  get calls(): number {
    return this.callCount;
  }

  private call<T>(op: string, fn: () => Promise<T>): Promise<T> {
    const wrap = this.options.call ?? ((_op: string, f: () => Promise<T>) => f());
    return wrap(op, () => {
      this.callCount++;
      return fn();
    });
  }

  async listChanges(folder: FolderKind, cursor: string | null, maxChanges: number): Promise<ChangePage> {
    const messages = await this.call("SyncFolderItems", () => this.service.request(syncFolderItemsRequest(folder, cursor, maxChanges), "SyncFolderItems"));
    const message = messages[0];
    if (!message) throw new MailboxError("protocol", "unexpected answer from Exchange: SyncFolderItems without a response message");
    return readChangePage(message);
  }

  async getItems(folder: FolderKind, ids: readonly string[]): Promise<MailItem[]> {
    const items: MailItem[] = [];
    for (let i = 0; i < ids.length; i += this.options.getItemBatch) {
      const batch = ids.slice(i, i + this.options.getItemBatch);
      const messages = await this.call("GetItem", () => this.service.request(getItemRequest(folder, batch, this.options.withBody), "GetItem", itemGone));
      for (const m of messages) {
        if (m.attrs.ResponseClass !== "Success") continue;
        const item = child(m, NS.messages, "Items")?.children[0];
        if (item) items.push(toMailItem(item));
      }
    }
    return items;
  }
}
