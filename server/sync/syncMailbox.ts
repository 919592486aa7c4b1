import type { ActivityWrite, CrmPerson, CrmSink } from "../crm/crmSink";
import { CrmUnavailableError } from "../crm/crmSink";
import type { Logger } from "../logger";
import type { ActivityItem, ChangePage, FolderKind } from "../mailbox/items";
import { MailboxError } from "../mailbox/mailboxError";
import { countLogged } from "../metrics/instruments";
import type { MailboxSource } from "../mailbox/mailboxSource";
import type { Database } from "../store/database";
import type { Lease } from "../store/lease";
import type { ActivityRecord, FolderCursor } from "../store/syncRepository";
import { SyncRepository } from "../store/syncRepository";
import { crmKey, dedupKey, isMeetingKey } from "./activityKey";
import { contentHash, toWrite } from "./activityWrite";
import type { SyncPolicy } from "./policy";
import { screen } from "./policy";
import type { RunStats } from "./runStats";
import { countSkip, emptyStats, resyncOf } from "./runStats";

export interface SyncTarget {
  readonly mailboxId: string;
  readonly tenantId: string;
  readonly email: string;
  readonly folders: readonly FolderKind[];
  /** Each folder's saved cursor, as read when the mailbox was claimed (only the lease holder writes them). */
  readonly cursors: ReadonlyMap<string, FolderCursor>;
  /** This worker's hold on the mailbox; every commit checks it, so a worker that lost it saves nothing. */
  readonly lease: Lease;
}

export interface SyncDeps {
  readonly db: Database;
  readonly source: MailboxSource;
  readonly crm: CrmSink;
  readonly policy: SyncPolicy;
  readonly logger: Logger;
  /** Changes per page (EWS allows 1..512). */
  readonly pageSize?: number;
  /**
   * Aborted when the run must stop (the process is shutting down, or the lease was lost): the page in hand is finished
   * and committed, and no further page is started. The abort reason is thrown.
   */
  readonly signal?: AbortSignal;
  /**
   * A folder's round ended with nothing new, and the server handed out a new link anyway (Graph does on every answer).
   * The caller saves it with the run's record: in one statement for a batch of runs rather than one write per quiet
   * folder, and still saved, because Exchange keeps only the newest few generations of a sync state and a link
   * presented again and again is refused after them (then the folder would be read again from its start).
   */
  readonly onQuietCursor: (folder: FolderKind, cursor: string) => void;
}

/**
 * One sync of one mailbox: for each folder, page through changes from the saved cursor, turn customer mail and
 * meetings into CRM activities, write them (idempotently, by key), and only then save the cursor and links, in one
 * transaction. A crash anywhere repeats a page, which the CRM's upsert absorbs: never lost, never duplicated.
 */
export async function syncMailbox(deps: SyncDeps, target: SyncTarget): Promise<RunStats> {
  const stats = emptyStats();
  const people = new Map<string, CrmPerson | null>();
  // A transport that can read every folder's first page in one call (Graph's $batch) does so: one call per idle mailbox.
  await deps.source.prefetch?.(
    target.folders.map((folder) => ({ folder, cursor: target.cursors.get(folder)?.cursor ?? null })),
    deps.pageSize ?? 512,
  );
  for (const folder of target.folders) {
    await syncFolder(deps, target, folder, target.cursors.get(folder)?.cursor ?? null, stats, people);
  }
  return stats;
}

async function syncFolder(
  deps: SyncDeps,
  target: SyncTarget,
  folder: FolderKind,
  savedCursor: string | null,
  stats: RunStats,
  people: Map<string, CrmPerson | null>,
): Promise<void> {
  const repo = new SyncRepository(deps.db);
  let cursor = savedCursor;
  let restarted = false;
  for (;;) {
    deps.signal?.throwIfAborted();
    let page: ChangePage;
    try {
      page = await deps.source.listChanges(folder, cursor, deps.pageSize ?? 512);
    } catch (err) {
      // A sync state Exchange no longer accepts: start this folder over. Keys are stable, so nothing is duplicated.
      if (err instanceof MailboxError && err.code === "invalid_cursor" && cursor !== null && !restarted) {
        const resync = resyncOf(folder, err);
        deps.logger.warn({ mailboxId: target.mailboxId, folder, ...resync.detail }, "saved cursor refused; resyncing the folder from the start");
        await deps.db.transaction((tx) => new SyncRepository(tx).resetFolder(target.mailboxId, folder, target.lease));
        cursor = null;
        restarted = true;
        stats.resyncs.push(resync);
        continue;
      }
      throw err;
    }
    await processPage(deps, repo, target, folder, page, stats, people, cursor);
    cursor = page.nextCursor;
    if (page.done) return;
  }
}

async function processPage(
  deps: SyncDeps,
  repo: SyncRepository,
  target: SyncTarget,
  folder: FolderKind,
  page: ChangePage,
  stats: RunStats,
  people: Map<string, CrmPerson | null>,
  from: string | null,
): Promise<void> {
  stats.pages++;
  // Nothing changed: no transaction of its own. A new link that ends the round goes with the run's record (see
  // onQuietCursor), as does the end of a first pass whose last page was empty. An empty folder's first page is still
  // committed, so its first full pass is on record and the next turn is incremental.
  if (page.changes.length === 0 && from !== null) {
    const saved = target.cursors.get(folder);
    if (page.done && (page.nextCursor !== from || !saved?.initialDone)) deps.onQuietCursor(folder, page.nextCursor);
    return;
  }
  const upsertIds = [...new Set(page.changes.filter((c) => c.kind === "upsert").map((c) => c.itemId))];
  const deleteIds = [...new Set(page.changes.filter((c) => c.kind === "delete").map((c) => c.itemId))];
  const items = upsertIds.length > 0 ? await deps.source.getItems(folder, upsertIds) : [];
  stats.itemsSeen += items.length;

  // 1. Screen without the CRM; collect the external addresses worth a lookup.
  const candidates: { item: ActivityItem; key: string; external: readonly string[] }[] = [];
  const links: { itemId: string; dedupKey: string }[] = [];
  for (const item of items) {
    const key = dedupKey(item, target.mailboxId);
    // A link is read only when its item is deleted, and only a meeting leaves the CRM then (a logged email stays
    // logged): an email's link would never be read. Linking every email was most of an initial sync's database time.
    if (isMeetingKey(key)) links.push({ itemId: item.itemId, dedupKey: key });
    const s = screen(item, deps.policy, target.email);
    if (!s.pass) countSkip(stats, s.reason);
    else if (item.kind !== "other") candidates.push({ item, key, external: s.external });
  }
  const unknown = [...new Set(candidates.flatMap((c) => c.external))].filter((e) => !people.has(e));
  if (unknown.length > 0) {
    const found = await deps.crm.findPeople(unknown);
    for (const e of unknown) people.set(e, found.get(e) ?? null);
  }

  // 2. Build the writes; the same activity twice in a page (a message in a thread view, a resent page) is written once.
  const byKey = new Map<string, { item: ActivityItem; who: CrmPerson[] }>();
  for (const c of candidates) {
    const who = c.external.map((e) => people.get(e)).filter((p): p is CrmPerson => Boolean(p));
    if (who.length === 0) {
      countSkip(stats, "no_crm_match");
      continue;
    }
    const prev = byKey.get(c.key);
    byKey.set(c.key, { item: c.item, who: prev ? mergePeople(prev.who, who) : who });
  }
  const known = await repo.known(target.tenantId, [...byKey.keys()]);
  // An occurrence whose series the organisation logged as one meeting (over EWS, which lists a series once) is that
  // meeting already: logging it again would put the series in the CRM twice after a move from EWS to Graph.
  const seriesKeyOf = new Map<string, string>();
  for (const [key, { item }] of byKey) if (item.kind === "meeting" && item.seriesUid) seriesKeyOf.set(key, `cal:${item.seriesUid.trim().toLowerCase()}`);
  const series = seriesKeyOf.size > 0 ? await repo.known(target.tenantId, [...new Set(seriesKeyOf.values())]) : new Map<string, { deleted: boolean }>();
  // And the other way: a series EWS lists once whose occurrences were logged one by one (over Graph, before a move back
  // to EWS) is in the CRM already, as those occurrences.
  const newMeetings = [...byKey].filter(([key, { item }]) => item.kind === "meeting" && !item.seriesUid && !known.has(key)).map(([key]) => key);
  const asOccurrences = await repo.seriesLoggedAsOccurrences(target.tenantId, newMeetings);
  const writes: { write: ActivityWrite; dedupKey: string; hash: string }[] = [];
  const records: ActivityRecord[] = [];
  for (const [key, { item, who }] of byKey) {
    const prior = known.get(key);
    const seriesKey = seriesKeyOf.get(key);
    const loggedSeries = seriesKey ? series.get(seriesKey) : undefined;
    if (!prior && loggedSeries && !loggedSeries.deleted) {
      countSkip(stats, "logged_as_series");
      continue;
    }
    if (asOccurrences.has(key)) {
      countSkip(stats, "logged_as_occurrences");
      continue;
    }
    const write = toWrite({ tenantId: target.tenantId, ownerEmail: target.email }, item, key, who, prior, deps.policy);
    const hash = contentHash(write);
    if (prior && !prior.deleted && prior.contentHash === hash && prior.crmId) {
      records.push({ dedupKey: key, kind: write.kind, crmKey: write.key, crmId: prior.crmId, contentHash: hash, whoIds: write.whoIds, ownerEmail: write.ownerEmail, seriesKey: seriesKey ?? null });
    } else {
      writes.push({ write, dedupKey: key, hash });
    }
  }

  // 3. Write to the CRM. A transient refusal (a locked row, an outage) stops the page before its cursor is saved, and
  // the page is tried again. A permanent one (a customer's validation rule) would fail the same way on every retry: the
  // item is recorded as rejected, with the CRM's message, and the rest of the page is logged and the cursor moves on.
  const rejectedKeys = new Set<string>();
  if (writes.length > 0) {
    const results = await deps.crm.upsertActivities(writes.map((w) => w.write));
    const transient = results.filter((r) => !r.ok && r.error.transient);
    const first = transient[0];
    if (first && !first.ok) {
      throw new CrmUnavailableError(`the CRM could not save ${transient.length} activities (${first.error.code}: ${first.error.message})`);
    }
    const byCrmKey = new Map(results.map((r) => [r.key, r]));
    let saved = 0;
    for (const w of writes) {
      const r = byCrmKey.get(w.write.key);
      if (r?.ok) {
        records.push({ dedupKey: w.dedupKey, kind: w.write.kind, crmKey: w.write.key, crmId: r.crmId, contentHash: w.hash, whoIds: w.write.whoIds, ownerEmail: w.write.ownerEmail, seriesKey: seriesKeyOf.get(w.dedupKey) ?? null });
        saved++;
        continue;
      }
      const error = r && !r.ok ? r.error : { code: "NO_RESULT", message: "the CRM answered nothing for this activity" };
      const itemId = byKey.get(w.dedupKey)?.item.itemId ?? "";
      rejectedKeys.add(w.dedupKey);
      stats.rejections.push({ itemId, folder, kind: w.write.kind, subject: w.write.subject, code: error.code, message: error.message });
      countSkip(stats, "crm_rejected");
      deps.logger.warn({ mailboxId: target.mailboxId, folder, itemId, code: error.code }, `the CRM refused an activity for good: ${error.message}`);
    }
    stats.written += saved;
  }

  // 4. Deletions: a meeting removed from every synced calendar leaves the CRM too; a logged email stays logged.
  const deletedKeys: string[] = [];
  if (deleteIds.length > 0) {
    const gone = await repo.links(target.mailboxId, deleteIds);
    const meetingKeys = [...new Set(gone.values())].filter(isMeetingKey);
    const others = await repo.otherLinks(meetingKeys, target.mailboxId);
    const orphaned = meetingKeys.filter((k) => !others.get(k));
    const knownOrphans = await repo.known(target.tenantId, orphaned);
    const toDelete = orphaned.filter((k) => knownOrphans.get(k) && !knownOrphans.get(k)?.deleted);
    if (toDelete.length > 0) {
      const results = await deps.crm.deleteActivities("meeting", toDelete.map((k) => crmKey(target.tenantId, k)));
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) throw new CrmUnavailableError(`the CRM could not remove a meeting (${failed.error.code}: ${failed.error.message})`);
      deletedKeys.push(...toDelete);
      stats.removed += toDelete.length;
    }
  }

  // 5. Only now: links, activities and the cursor, together.
  const newlyLinked = await deps.db.transaction(async (tx) =>
    new SyncRepository(tx).commitPage({
      lease: target.lease,
      tenantId: target.tenantId,
      mailboxId: target.mailboxId,
      folder,
      nextCursor: page.nextCursor,
      folderDone: page.done,
      activities: records,
      // A rejected item is not linked: nothing of it is in the CRM, and a later change to it is written afresh.
      links: links.filter((l) => !rejectedKeys.has(l.dedupKey)),
      unlinkItemIds: deleteIds,
      deletedDedupKeys: deletedKeys,
    }),
  );
  // Logged once per mailbox and activity: an item read again (a resync from the start, a page repeated after a crash)
  // whose activity this mailbox already links to is counted apart, so "logged" adds up to what the mailbox put in.
  stats.logged += newlyLinked;
  stats.alreadyLogged += records.length - newlyLinked;
  countLogged(newlyLinked);
}

function mergePeople(a: readonly CrmPerson[], b: readonly CrmPerson[]): CrmPerson[] {
  const seen = new Map(a.map((p) => [p.id, p]));
  for (const p of b) if (!seen.has(p.id)) seen.set(p.id, p);
  return [...seen.values()];
}
