import type { CrmSink } from "../crm/crmSink";
import type { EmailItem } from "../mailbox/items";
import type { Database } from "../store/database";
import { SyncRepository } from "../store/syncRepository";
import { crmKey, dedupKey, emailKey } from "./activityKey";
import { contentHash, toWrite } from "./activityWrite";
import type { SyncPolicy } from "./policy";
import { screen } from "./policy";

export type LogResult =
  | { readonly result: "logged" | "already_logged"; readonly crmId: string }
  | { readonly result: "refused"; readonly reason: "private" | "internal_only" | "blocked" | "no_crm_match" | "crm_refused"; readonly message: string };

/**
 * "Log this email" from the sidebar: the same key, people and owner rules as background sync, so the email is one
 * activity whichever logs it first, and the sync that finds it later only links it.
 */
export async function logEmailNow(db: Database, crm: CrmSink, policy: SyncPolicy, target: { tenantId: string; mailboxId: string; ownerEmail: string }, item: EmailItem): Promise<LogResult> {
  const key = dedupKey(item, target.mailboxId);
  const repo = new SyncRepository(db);
  const known = (await repo.known(target.tenantId, [key])).get(key);
  if (known && !known.deleted && known.crmId) {
    await linkMailbox(db, target, key);
    return { result: "already_logged", crmId: known.crmId };
  }
  // Logging by hand is a deliberate choice: the back-fill window does not apply.
  const s = screen(item, { ...policy, notBefore: null }, target.ownerEmail);
  if (!s.pass) {
    const message =
      s.reason === "internal_only"
        ? "Everyone on this email is a colleague: there is no customer to log it against."
        : s.reason === "blocked"
          ? "Your organisation excludes these addresses from the CRM."
          : s.reason === "confidential"
            ? "Your organisation does not log emails marked Confidential."
            : "Private emails are never logged.";
    return { result: "refused", reason: s.reason === "internal_only" || s.reason === "blocked" ? s.reason : "private", message };
  }
  const people = await crm.findPeople(s.external);
  const who = s.external.map((e) => people.get(e)).filter((p): p is NonNullable<typeof p> => Boolean(p));
  if (who.length === 0) return { result: "refused", reason: "no_crm_match", message: "No one on this email is in the CRM yet: add them as a lead first." };
  const write = toWrite({ tenantId: target.tenantId, ownerEmail: target.ownerEmail }, item, key, who, known, policy);
  const [r] = await crm.upsertActivities([write]);
  if (!r?.ok) return { result: "refused", reason: "crm_refused", message: `The CRM refused the email: ${r ? r.error.message : "no answer"}` };
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into crm_activities (tenant_id, dedup_key, kind, crm_key, crm_id, content_hash, who_ids, owner_email)
       values ($1, $2, 'email', $3, $4, $5, $6, $7)
       on conflict (tenant_id, dedup_key) do update set crm_id = excluded.crm_id, content_hash = excluded.content_hash, who_ids = excluded.who_ids, deleted = false, updated_at = now()`,
      [target.tenantId, key, crmKey(target.tenantId, key), r.crmId, contentHash(write), write.whoIds, write.ownerEmail],
    );
    await linkMailbox(tx, target, key);
  });
  return { result: "logged", crmId: r.crmId };
}

async function linkMailbox(db: Pick<Database, "query">, target: { tenantId: string; mailboxId: string }, key: string): Promise<void> {
  await db.query("insert into activity_mailboxes (tenant_id, dedup_key, mailbox_id) values ($1, $2, $3) on conflict do nothing", [target.tenantId, key, target.mailboxId]);
}

/** Whether this email is already an activity in the CRM (for the sidebar's "Logged" state). */
export async function emailLogStatus(db: Database, tenantId: string, internetMessageId: string): Promise<{ crmId: string } | null> {
  const key = emailKey(internetMessageId);
  const known = (await new SyncRepository(db).known(tenantId, [key])).get(key);
  return known && !known.deleted && known.crmId ? { crmId: known.crmId } : null;
}
