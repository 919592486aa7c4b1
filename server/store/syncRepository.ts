import type { FolderKind } from "../mailbox/items";
import type { Queryable } from "./database";
import type { Lease } from "./lease";
import { LeaseLostError } from "./lease";

export interface FolderCursor {
  readonly cursor: string | null;
  readonly initialDone: boolean;
}

export interface KnownActivity {
  readonly crmId: string | null;
  readonly contentHash: string;
  readonly whoIds: readonly string[];
  readonly ownerEmail: string;
  readonly deleted: boolean;
}

export interface ActivityRecord {
  readonly dedupKey: string;
  readonly kind: "email" | "meeting";
  readonly crmKey: string;
  readonly crmId: string;
  readonly contentHash: string;
  readonly whoIds: readonly string[];
  readonly ownerEmail: string;
  /** For one occurrence of a recurring series logged on its own: the series' key (`cal:<series UID>`). */
  readonly seriesKey?: string | null;
}

/** Everything one page of changes leaves behind, written in one transaction after the CRM accepted the page. */
export interface PageCommit {
  /** The writer's hold on the mailbox: the commit is refused (LeaseLostError) unless it still holds it. */
  readonly lease: Lease;
  readonly tenantId: string;
  readonly mailboxId: string;
  readonly folder: FolderKind;
  readonly nextCursor: string;
  readonly folderDone: boolean;
  readonly activities: readonly ActivityRecord[];
  /**
   * Mailbox items and the meeting they belong to (also items that were skipped: a later delete must resolve). Emails
   * are not linked: deleting one changes nothing in the CRM.
   */
  readonly links: readonly { itemId: string; dedupKey: string }[];
  readonly unlinkItemIds: readonly string[];
  readonly deletedDedupKeys: readonly string[];
}

/** Sync's own tables: cursors, activities and their links. */
export class SyncRepository {
  constructor(private readonly db: Queryable) {}

  /** Forget every cursor of a mailbox: the next sync starts over (duplicate-safe, the CRM keys are stable). */
  async resetCursors(mailboxId: string, folder?: FolderKind): Promise<void> {
    if (folder) await this.db.query("delete from folder_cursors where mailbox_id = $1 and folder = $2", [mailboxId, folder]);
    else await this.db.query("delete from folder_cursors where mailbox_id = $1", [mailboxId]);
  }

  async known(tenantId: string, dedupKeys: readonly string[]): Promise<Map<string, KnownActivity>> {
    if (dedupKeys.length === 0) return new Map();
    const rows = await this.db.query<{ dedup_key: string; crm_id: string | null; content_hash: string; who_ids: string[]; owner_email: string; deleted: boolean }>(
      "select dedup_key, crm_id, content_hash, who_ids, owner_email, deleted from crm_activities where tenant_id = $1 and dedup_key = any($2::text[])",
      [tenantId, dedupKeys],
    );
    return new Map(rows.map((r) => [r.dedup_key, { crmId: r.crm_id, contentHash: r.content_hash, whoIds: r.who_ids, ownerEmail: r.owner_email, deleted: r.deleted }]));
  }

  /** Of these series keys, those whose occurrences the organisation logged one by one (and did not delete). */
  async seriesLoggedAsOccurrences(tenantId: string, seriesKeys: readonly string[]): Promise<Set<string>> {
    if (seriesKeys.length === 0) return new Set();
    const rows = await this.db.query<{ series_key: string }>(
      "select distinct series_key from crm_activities where tenant_id = $1 and series_key = any($2::text[]) and not deleted",
      [tenantId, seriesKeys],
    );
    return new Set(rows.map((r) => r.series_key));
  }

  async links(mailboxId: string, itemIds: readonly string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.db.query<{ item_id: string; dedup_key: string }>(
      "select item_id, dedup_key from item_links where mailbox_id = $1 and item_id = any($2::text[])",
      [mailboxId, itemIds],
    );
    return new Map(rows.map((r) => [r.item_id, r.dedup_key]));
  }

  /** How many mailbox items, in any mailbox other than `exceptMailbox`, still point at each activity. */
  async otherLinks(dedupKeys: readonly string[], exceptMailbox: string): Promise<Map<string, number>> {
    if (dedupKeys.length === 0) return new Map();
    const rows = await this.db.query<{ dedup_key: string; n: number }>(
      "select dedup_key, count(*)::int as n from item_links where dedup_key = any($1::text[]) and mailbox_id <> $2 group by dedup_key",
      [dedupKeys, exceptMailbox],
    );
    return new Map(rows.map((r) => [r.dedup_key, r.n]));
  }

  /**
   * Checks, inside the caller's transaction, that `lease` still holds the mailbox, and extends it (each saved page is a
   * heartbeat too). The row lock it takes lasts until the transaction ends, so no other worker can claim the mailbox
   * between this check and the commit. Throws LeaseLostError when the hold is gone.
   */
  async fence(mailboxId: string, lease: Lease): Promise<void> {
    const rows = await this.db.query(
      `update mailboxes set lease_until = greatest(lease_until, now() + make_interval(secs => $3))
       where id = $1 and lease_owner = $2 and lease_until > now() returning id`,
      [mailboxId, lease.worker, lease.seconds],
    );
    if (rows.length === 0) throw new LeaseLostError(mailboxId, lease.worker);
  }

  /** Forgets one folder's cursor for the lease holder only (Exchange refused the saved sync state). Run it in a transaction. */
  async resetFolder(mailboxId: string, folder: FolderKind, lease: Lease): Promise<void> {
    await this.fence(mailboxId, lease);
    await this.resetCursors(mailboxId, folder);
  }

  /**
   * Saves a page; run it in a transaction. The lease is checked first (owner and expiry are part of the update).
   * Returns how many of the page's activities the mailbox was not linked to before (the rest it had logged already).
   */
  async commitPage(c: PageCommit): Promise<number> {
    await this.fence(c.mailboxId, c.lease);
    let newlyLinked = 0;
    if (c.activities.length > 0) {
      await this.db.query(
        `insert into crm_activities (tenant_id, dedup_key, kind, crm_key, crm_id, content_hash, who_ids, owner_email, series_key)
         select $1, a.dedup_key, a.kind, a.crm_key, a.crm_id, a.content_hash, string_to_array(a.who_ids, ','), a.owner_email, a.series_key
         from jsonb_to_recordset($2::jsonb) as a(dedup_key text, kind text, crm_key text, crm_id text, content_hash text, who_ids text, owner_email text, series_key text)
         on conflict (tenant_id, dedup_key) do update set crm_id = excluded.crm_id, content_hash = excluded.content_hash,
           who_ids = excluded.who_ids, deleted = false, updated_at = now()`,
        [c.tenantId, JSON.stringify(c.activities.map((a) => ({ dedup_key: a.dedupKey, kind: a.kind, crm_key: a.crmKey, crm_id: a.crmId, content_hash: a.contentHash, who_ids: a.whoIds.join(","), owner_email: a.ownerEmail, series_key: a.seriesKey ?? null })))],
      );
      const linked = await this.db.query(
        `insert into activity_mailboxes (tenant_id, dedup_key, mailbox_id) select $1, k, $2 from unnest($3::text[]) as k
         on conflict do nothing returning dedup_key`,
        [c.tenantId, c.mailboxId, c.activities.map((a) => a.dedupKey)],
      );
      newlyLinked = linked.length;
    }
    if (c.links.length > 0) {
      await this.db.query(
        `insert into item_links (mailbox_id, item_id, folder, dedup_key)
         select $1, l.item_id, $2, l.dedup_key from jsonb_to_recordset($3::jsonb) as l(item_id text, dedup_key text)
         on conflict (mailbox_id, item_id) do update set dedup_key = excluded.dedup_key, folder = excluded.folder`,
        [c.mailboxId, c.folder, JSON.stringify(c.links.map((l) => ({ item_id: l.itemId, dedup_key: l.dedupKey })))],
      );
    }
    if (c.unlinkItemIds.length > 0) {
      await this.db.query("delete from item_links where mailbox_id = $1 and item_id = any($2::text[])", [c.mailboxId, c.unlinkItemIds]);
    }
    if (c.deletedDedupKeys.length > 0) {
      await this.db.query("update crm_activities set deleted = true, updated_at = now() where tenant_id = $1 and dedup_key = any($2::text[])", [
        c.tenantId,
        c.deletedDedupKeys,
      ]);
    }
    await this.db.query(
      `insert into folder_cursors (mailbox_id, folder, cursor, initial_done, updated_at) values ($1, $2, $3, $4, now())
       on conflict (mailbox_id, folder) do update set cursor = excluded.cursor,
         initial_done = folder_cursors.initial_done or excluded.initial_done, updated_at = now()`,
      [c.mailboxId, c.folder, c.nextCursor, c.folderDone],
    );
    return newlyLinked;
  }
}
