/** What an EWS operation handler gets: the resolved caller, the mailbox it acts as, and the server's facilities. */
import type { ItemData, ItemKind } from "../model/types";
import type { BodyType, RenderContext } from "../shape/render";
import type { ItemFolderName } from "../store/folders";
import type { LiveItem } from "../store/folderState";
import type { Caller } from "../auth/identity";
import type { Mailbox } from "../store/mailbox";
import type { MailboxStore } from "../store/mailboxStore";
import type { SyncStateCodec } from "../store/syncState";
import type { ExchangeVersion, ServerVersionInfo } from "../versions";

export interface OperationContext {
  readonly store: MailboxStore;
  readonly server: ServerVersionInfo;
  readonly requestVersion: ExchangeVersion;
  readonly caller: Caller;
  /** The caller's own or impersonated mailbox; undefined for a service account without a mailbox and no impersonation. */
  readonly actingMailbox: Mailbox | undefined;
  readonly syncStates: SyncStateCodec;
  readonly baseUrl: string;
  readonly now: () => number;
}

/** Exchange checks folder permissions for any other mailbox; the simulator grants no delegate permissions. */
export function canAccess(ctx: OperationContext, mailbox: Mailbox): boolean {
  return ctx.actingMailbox === mailbox;
}

/**
 * Per-request rendering settings shared by every item of an answer, built once per request: the per-item context below
 * only adds the item (a sync page renders 512 of them, so this path must not allocate closures per item).
 */
export class RenderScope {
  readonly requestVersion: ExchangeVersion;
  readonly baseUrl: string;
  readonly isInternal: (email: string) => boolean;

  constructor(ctx: OperationContext, readonly mailbox: Mailbox, readonly folder: ItemFolderName, readonly bodyType: BodyType) {
    this.requestVersion = ctx.requestVersion;
    this.baseUrl = ctx.baseUrl;
    const store = ctx.store;
    const orgId = mailbox.orgId;
    this.isInternal = (email) => store.isInternal(orgId, email);
  }
}

class ItemRenderContext implements RenderContext {
  constructor(private readonly scope: RenderScope, private readonly item: LiveItem) {}

  get mailbox(): Mailbox {
    return this.scope.mailbox;
  }
  get folder(): ItemFolderName {
    return this.scope.folder;
  }
  get bodyType(): BodyType {
    return this.scope.bodyType;
  }
  get requestVersion(): ExchangeVersion {
    return this.scope.requestVersion;
  }
  get baseUrl(): string {
    return this.scope.baseUrl;
  }
  get isInternal(): (email: string) => boolean {
    return this.scope.isInternal;
  }
  get key(): number {
    return this.item.key;
  }
  get version(): number {
    return this.item.version;
  }
  get kind(): ItemKind {
    return this.item.kind;
  }
  /** Read lazily: an IdOnly answer never needs the item's content. */
  get data(): ItemData {
    return this.item.data;
  }
}

export function renderItem(scope: RenderScope, item: LiveItem): RenderContext {
  return new ItemRenderContext(scope, item);
}

export function renderContext(ctx: OperationContext, mailbox: Mailbox, folder: ItemFolderName, item: LiveItem, bodyType: BodyType): RenderContext {
  return renderItem(new RenderScope(ctx, mailbox, folder, bodyType), item);
}
