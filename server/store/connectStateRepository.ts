import { createHash, randomBytes } from "node:crypto";
import type { Provider } from "../domain/mailboxStatus";
import type { Queryable } from "./database";

export type ConnectPurpose = "user_connect" | "admin_consent" | "crm_connect";

export interface ConnectState {
  readonly purpose: ConnectPurpose;
  readonly tenantId: string;
  readonly userOid: string | null;
  readonly mailboxEmail: string | null;
  readonly provider: Provider | null;
}

const hash = (state: string) => createHash("sha256").update(state).digest("base64url");

/** OAuth `state` values: random, short-lived, single-use, bound to who started the flow. */
export class ConnectStateRepository {
  constructor(private readonly db: Queryable) {}

  /** Returns the opaque state value (only its hash is stored). */
  async create(s: ConnectState, ttlSeconds: number): Promise<string> {
    const state = randomBytes(32).toString("base64url");
    await this.db.query(
      `insert into connect_states (state_hash, purpose, tenant_id, user_oid, mailbox_email, provider, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
      [hash(state), s.purpose, s.tenantId, s.userOid, s.mailboxEmail, s.provider, ttlSeconds],
    );
    // An expired state can never be used again: it goes (with its PKCE verifier below) as soon as it expires, swept
    // here so the table stays small without a job of its own.
    await this.db.query("delete from connect_states where expires_at < now()");
    // An abandoned attempt's sealed verifier (and a pasted app secret) go with its state.
    await this.db.query("delete from secrets where owner_kind = 'connect_state' and owner_id not in (select state_hash from connect_states)");
    return state;
  }

  /** Looks a state up without using it (the dialog's first hop). */
  async peek(state: string, purpose: ConnectPurpose): Promise<ConnectState | null> {
    const rows = await this.db.query<StateRow>(
      "select * from connect_states where state_hash = $1 and purpose = $2 and used_at is null and expires_at > now()",
      [hash(state), purpose],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Marks the state used and returns it; null when unknown, expired or already used. Atomic: two callbacks, one winner. */
  async consume(state: string, purpose: ConnectPurpose): Promise<ConnectState | null> {
    const rows = await this.db.query<StateRow>(
      "update connect_states set used_at = now() where state_hash = $1 and purpose = $2 and used_at is null and expires_at > now() returning *",
      [hash(state), purpose],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Key for secrets that belong to a state (the PKCE verifier), without revealing the state itself. */
  static ownerId(state: string): string {
    return hash(state);
  }
}

interface StateRow {
  purpose: ConnectPurpose;
  tenant_id: string;
  user_oid: string | null;
  mailbox_email: string | null;
  provider: Provider | null;
}

function toState(r: StateRow): ConnectState {
  return { purpose: r.purpose, tenantId: r.tenant_id, userOid: r.user_oid, mailboxEmail: r.mailbox_email, provider: r.provider };
}
