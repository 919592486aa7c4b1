import type { Provider } from "../domain/mailboxStatus";
import type { Queryable } from "./database";
import type { Mailbox, MailboxRow } from "./mailboxRepository";
import { toMailbox } from "./mailboxRepository";
import type { SecretStore } from "./secretStore";

export type OnpremAuthMethod = "ntlm" | "basic";

/** Where a rep's own on-premises mailbox is and how it signs in; the password is kept apart, sealed. */
export interface OnpremLogin {
  readonly ewsUrl: string;
  readonly username: string;
  readonly authMethod: OnpremAuthMethod;
}

/** What one colleague's connect taught us about the company's Exchange. */
export interface CompanySettings {
  readonly tenantId: string;
  readonly emailDomain: string;
  readonly ewsUrl: string;
  readonly authMethod: OnpremAuthMethod;
  /** {email} or {local} stand for the address or its part before the @ (e.g. CONTOSO\{local}). */
  readonly usernameFormat: string;
  readonly learnedFrom: string | null;
  readonly updatedAt: Date;
}

const passwordRef = (mailboxId: string) => ({ ownerKind: "mailbox", ownerId: mailboxId, purpose: "password" }) as const;

/** The sign-in name format a working username shows, so a colleague's can be made from their address. */
export function usernameFormatOf(email: string, username: string): string {
  const e = email.toLowerCase();
  const [local = ""] = e.split("@");
  const u = username.trim();
  if (u.toLowerCase() === e) return "{email}";
  const slash = u.indexOf("\\");
  if (slash > 0 && u.slice(slash + 1).toLowerCase() === local) return `${u.slice(0, slash)}\\{local}`;
  const at = u.indexOf("@");
  if (at > 0 && u.slice(0, at).toLowerCase() === local) return `{local}${u.slice(at)}`;
  // A name that does not follow the address (jdoe2 for jane.doe@): nothing a colleague can reuse.
  return "{email}";
}

export function usernameFor(format: string, email: string): string {
  const e = email.toLowerCase();
  return format.replace("{email}", e).replace("{local}", e.split("@")[0] ?? e);
}

export class OnpremRepository {
  constructor(
    private readonly db: Queryable,
    private readonly secrets: SecretStore,
  ) {}

  /**
   * The rep's mailbox now syncs with its own on-premises password: created, or taken over from any earlier access,
   * active at once. Cursors and item links stay, so a reconnect resumes where it stopped.
   */
  async attachMailbox(m: { tenantId: string; email: string; userOid: string; displayName: string | null }): Promise<Mailbox> {
    const rows = await this.db.query<MailboxRow>(
      `insert into mailboxes (tenant_id, email, user_oid, display_name, provider, access, status, next_sync_at)
       values ($1, $2, $3, $4, 'ews', 'onprem_password', 'active', now())
       on conflict (tenant_id, email) do update set
         user_oid = excluded.user_oid, display_name = coalesce(mailboxes.display_name, excluded.display_name),
         provider = 'ews', access = 'onprem_password', service_account_id = null, home_account_id = null,
         status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, next_sync_at = now(), updated_at = now()
       returning *`,
      [m.tenantId, m.email.trim().toLowerCase(), m.userOid, m.displayName],
    );
    return toMailbox(rows[0] as MailboxRow);
  }

  /** Saves the login and seals the password in one transaction-friendly pair of writes. */
  async saveLogin(mailboxId: string, login: OnpremLogin, password: string): Promise<void> {
    await this.db.query(
      `insert into onprem_logins (mailbox_id, ews_url, username, auth_method) values ($1, $2, $3, $4)
       on conflict (mailbox_id) do update set ews_url = excluded.ews_url, username = excluded.username, auth_method = excluded.auth_method, updated_at = now()`,
      [mailboxId, login.ewsUrl, login.username, login.authMethod],
    );
    await this.secrets.put(passwordRef(mailboxId), password);
  }

  async login(mailboxId: string): Promise<OnpremLogin | null> {
    const rows = await this.db.query<{ ews_url: string; username: string; auth_method: OnpremAuthMethod }>("select ews_url, username, auth_method from onprem_logins where mailbox_id = $1", [mailboxId]);
    const r = rows[0];
    return r ? { ewsUrl: r.ews_url, username: r.username, authMethod: r.auth_method } : null;
  }

  /** The login with its password opened, for the call that needs it; null when either is gone. */
  async credentials(mailboxId: string): Promise<(OnpremLogin & { password: string }) | null> {
    const login = await this.login(mailboxId);
    const password = login ? await this.secrets.get(passwordRef(mailboxId)) : null;
    return login && password !== null ? { ...login, password } : null;
  }

  /**
   * The mailbox moved to another on-premises server: its login points there now. The old server's sync states mean
   * nothing to the new one, so the cursors go; links and logged activities stay (keys are the items' own).
   */
  async moveLogin(mailboxId: string, ewsUrl: string): Promise<void> {
    await this.db.query("update onprem_logins set ews_url = $2, updated_at = now() where mailbox_id = $1", [mailboxId, ewsUrl]);
    await this.db.query("delete from folder_cursors where mailbox_id = $1", [mailboxId]);
  }

  /**
   * The mailbox moved to Exchange Online, where only the rep's Microsoft sign-in opens it: the on-premises login and
   * its sealed password are deleted, the mailbox becomes the rep's delegated one over the tenant's transport (waiting
   * for the rep's sign-in), and the on-premises cursors go. Links and logged activities stay, so nothing is logged twice.
   */
  async handOverToOnline(mailboxId: string, provider: Provider): Promise<void> {
    await this.db.query("delete from onprem_logins where mailbox_id = $1", [mailboxId]);
    await this.secrets.delete(passwordRef(mailboxId));
    await this.db.query("update mailboxes set access = 'delegated', provider = $2, home_account_id = null, updated_at = now() where id = $1", [mailboxId, provider]);
    await this.db.query("delete from folder_cursors where mailbox_id = $1", [mailboxId]);
  }

  async replacePassword(mailboxId: string, password: string): Promise<void> {
    await this.secrets.put(passwordRef(mailboxId), password);
  }

  async companySettings(tenantId: string, emailDomain: string): Promise<CompanySettings | null> {
    const rows = await this.db.query<CompanyRow>("select * from onprem_company_settings where tenant_id = $1 and email_domain = $2", [tenantId, emailDomain.toLowerCase()]);
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async listCompanySettings(tenantId: string): Promise<CompanySettings[]> {
    const rows = await this.db.query<CompanyRow>("select * from onprem_company_settings where tenant_id = $1 order by email_domain", [tenantId]);
    return rows.map(toSettings);
  }

  async rememberCompany(s: Omit<CompanySettings, "updatedAt">): Promise<void> {
    await this.db.query(
      `insert into onprem_company_settings (tenant_id, email_domain, ews_url, auth_method, username_format, learned_from) values ($1, $2, $3, $4, $5, $6)
       on conflict (tenant_id, email_domain) do update set ews_url = excluded.ews_url, auth_method = excluded.auth_method,
         username_format = excluded.username_format, learned_from = excluded.learned_from, updated_at = now()`,
      [s.tenantId, s.emailDomain.toLowerCase(), s.ewsUrl, s.authMethod, s.usernameFormat, s.learnedFrom],
    );
  }

  async forgetCompany(tenantId: string, emailDomain: string): Promise<CompanySettings | null> {
    const rows = await this.db.query<CompanyRow>("delete from onprem_company_settings where tenant_id = $1 and email_domain = $2 returning *", [tenantId, emailDomain.toLowerCase()]);
    return rows[0] ? toSettings(rows[0]) : null;
  }
}

interface CompanyRow {
  tenant_id: string;
  email_domain: string;
  ews_url: string;
  auth_method: OnpremAuthMethod;
  username_format: string;
  learned_from: string | null;
  updated_at: Date;
}

const toSettings = (r: CompanyRow): CompanySettings => ({
  tenantId: r.tenant_id,
  emailDomain: r.email_domain,
  ewsUrl: r.ews_url,
  authMethod: r.auth_method,
  usernameFormat: r.username_format,
  learnedFrom: r.learned_from,
  updatedAt: r.updated_at,
});
