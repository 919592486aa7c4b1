import type { KeyRing } from "../security/keyRing";
import { open, seal } from "../security/secretBox";
import type { Queryable } from "./database";

/** What a secret is and whose: the row's key, and the context its ciphertext is bound to. */
export interface SecretRef {
  readonly ownerKind: "mailbox" | "tenant" | "connect_state" | "service_account" | "crm_connection";
  readonly ownerId: string;
  readonly purpose: "msal_cache" | "password" | "pkce_verifier" | "refresh_token" | "client_secret" | "access_token";
}

const context = (r: SecretRef) => `${r.ownerKind}/${r.ownerId}/${r.purpose}`;

/** Secrets sealed at rest. Plaintext exists only in memory, for the call that needs it. */
export class SecretStore {
  constructor(
    private readonly db: Queryable,
    private readonly ring: KeyRing,
  ) {}

  withTransaction(tx: Queryable): SecretStore {
    return new SecretStore(tx, this.ring);
  }

  async put(ref: SecretRef, plaintext: string): Promise<void> {
    await this.db.query(
      `insert into secrets (owner_kind, owner_id, purpose, key_id, sealed) values ($1, $2, $3, $4, $5)
       on conflict (owner_kind, owner_id, purpose) do update set key_id = excluded.key_id, sealed = excluded.sealed, updated_at = now()`,
      [ref.ownerKind, ref.ownerId, ref.purpose, this.ring.current.id, seal(this.ring, plaintext, context(ref))],
    );
  }

  async get(ref: SecretRef): Promise<string | null> {
    const rows = await this.db.query<{ sealed: string }>(
      "select sealed from secrets where owner_kind = $1 and owner_id = $2 and purpose = $3",
      [ref.ownerKind, ref.ownerId, ref.purpose],
    );
    return rows[0] ? open(this.ring, rows[0].sealed, context(ref)) : null;
  }

  async delete(ref: SecretRef): Promise<void> {
    await this.db.query("delete from secrets where owner_kind = $1 and owner_id = $2 and purpose = $3", [ref.ownerKind, ref.ownerId, ref.purpose]);
  }

  /** Deletes every secret of an owner (a disconnected mailbox loses its credentials for good). */
  async deleteOwner(ownerKind: SecretRef["ownerKind"], ownerId: string): Promise<number> {
    const rows = await this.db.query("delete from secrets where owner_kind = $1 and owner_id = $2 returning purpose", [ownerKind, ownerId]);
    return rows.length;
  }

  /** Re-seals, with the current key, every secret sealed with another one. Returns how many were re-sealed. */
  async rotate(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db.query<{ owner_kind: SecretRef["ownerKind"]; owner_id: string; purpose: SecretRef["purpose"]; sealed: string }>(
        "select owner_kind, owner_id, purpose, sealed from secrets where key_id <> $1 limit $2",
        [this.ring.current.id, batchSize],
      );
      if (rows.length === 0) return total;
      for (const r of rows) {
        const ref: SecretRef = { ownerKind: r.owner_kind, ownerId: r.owner_id, purpose: r.purpose };
        const plaintext = open(this.ring, r.sealed, context(ref));
        // Only replace what we read: a concurrent writer's newer value wins and is already under the current key.
        await this.db.query(
          "update secrets set key_id = $5, sealed = $6 where owner_kind = $1 and owner_id = $2 and purpose = $3 and sealed = $4",
          [r.owner_kind, r.owner_id, r.purpose, r.sealed, this.ring.current.id, seal(this.ring, plaintext, context(ref))],
        );
        total++;
      }
    }
  }

  /** How many secrets each key still seals (for the rotation command's report). */
  async countByKey(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ key_id: string; n: number }>("select key_id, count(*)::int as n from secrets group by key_id");
    return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
  }
}
