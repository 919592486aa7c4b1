import { createHash } from "node:crypto";
import type { Queryable } from "./database";
import { ConnectStateRepository } from "./connectStateRepository";

export interface CrmConnectAttempt {
  readonly loginUrl: string;
  /** The org's own app; null: the packaged app. */
  readonly clientId: string | null;
  /** The admin who started it, as the audit log names them (the callback carries no Entra token). */
  readonly actor: string;
}

const hash = (s: string) => createHash("sha256").update(s).digest("base64url");

/**
 * What one "Connect Salesforce" attempt needs at its callback, next to its single-use state: the login host, the app,
 * and the browser it started in (a cookie's hash), so a state carried to another browser is refused.
 */
export class CrmConnectAttempts {
  constructor(private readonly db: Queryable) {}

  async add(state: string, attempt: CrmConnectAttempt, browserCookie: string): Promise<void> {
    await this.db.query("insert into crm_connect_attempts (state_hash, login_url, client_id, actor, browser_hash) values ($1, $2, $3, $4, $5)", [
      ConnectStateRepository.ownerId(state),
      attempt.loginUrl,
      attempt.clientId,
      attempt.actor,
      hash(browserCookie),
    ]);
  }

  /** The attempt, when the state is known and the browser is the one that started it. */
  async find(state: string, browserCookie: string | null): Promise<{ attempt: CrmConnectAttempt; sameBrowser: boolean } | null> {
    const rows = await this.db.query<{ login_url: string; client_id: string | null; actor: string; browser_hash: string }>(
      "select login_url, client_id, actor, browser_hash from crm_connect_attempts where state_hash = $1",
      [ConnectStateRepository.ownerId(state)],
    );
    const r = rows[0];
    if (!r) return null;
    return { attempt: { loginUrl: r.login_url, clientId: r.client_id, actor: r.actor }, sameBrowser: browserCookie !== null && hash(browserCookie) === r.browser_hash };
  }
}
