/**
 * The directory: organisations (an Entra tenant online, an Exchange organisation on-premises), their mailboxes and,
 * on-premises, the Active Directory accounts that log on (with their ApplicationImpersonation rights).
 */
import type { SimulatorMode } from "../versions";
import { messageIdHostFor } from "./generator";
import { guidString, mailboxGuidFor } from "./ids";
import { Mailbox } from "./mailbox";

export interface Organization {
  readonly id: string;
  readonly domains: string[];
  /** Set-OrganizationConfig -EwsEnabled: false blocks EWS for everyone; true with an allow list admits only those apps. */
  ewsEnabled: boolean | null;
  ewsAllowedAppIds: string[] | undefined;
}

/** ApplicationImpersonation management-role scope of an on-premises service account. */
export type ImpersonationRight =
  | { readonly kind: "none" }
  | { readonly kind: "all" }
  | { readonly kind: "mailboxes"; readonly mailboxes: ReadonlySet<string> };

export interface Account {
  /** NetBIOS domain, upper case (CONTOSO). */
  readonly domain: string;
  readonly username: string;
  readonly upn: string;
  readonly password: string;
  readonly orgId: string;
  /** The account's own mailbox; service accounts often have none. */
  readonly mailboxSmtp: string | undefined;
  readonly impersonation: ImpersonationRight;
}

export class DirectoryError extends Error {}

const norm = (s: string) => s.trim().toLowerCase();

export class MailboxStore {
  private readonly orgs = new Map<string, Organization>();
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly byGuid = new Map<string, Mailbox>();
  private readonly byUserId = new Map<string, Mailbox>();
  private readonly accounts = new Map<string, Account>();

  constructor(readonly mode: SimulatorMode, private readonly guidSalt: string) {}

  createOrganization(input: { id: string; domains?: string[]; ewsEnabled?: boolean | null; ewsAllowedAppIds?: string[] }): Organization {
    const id = norm(input.id);
    if (this.orgs.has(id)) throw new DirectoryError(`organization ${input.id} already exists`);
    const org: Organization = {
      id,
      domains: (input.domains ?? []).map(norm),
      ewsEnabled: input.ewsEnabled ?? null,
      ewsAllowedAppIds: input.ewsAllowedAppIds?.map(norm),
    };
    this.orgs.set(id, org);
    return org;
  }

  organization(id: string): Organization | undefined {
    return this.orgs.get(norm(id));
  }

  organizationOrCreate(id: string, domain: string): Organization {
    const org = this.organization(id) ?? this.createOrganization({ id, domains: [domain] });
    if (!org.domains.includes(norm(domain))) org.domains.push(norm(domain));
    return org;
  }

  createMailbox(input: { smtp: string; displayName?: string; orgId: string; userId?: string }): Mailbox {
    const smtp = norm(input.smtp);
    const at = smtp.indexOf("@");
    if (at < 1 || at === smtp.length - 1) throw new DirectoryError(`not an SMTP address: ${input.smtp}`);
    if (this.mailboxes.has(smtp)) throw new DirectoryError(`mailbox ${smtp} already exists`);
    const domain = smtp.slice(at + 1);
    const org = this.organizationOrCreate(input.orgId, domain);
    const guid = mailboxGuidFor(smtp, this.guidSalt);
    // Graph addresses users by Entra object id; without one from the directory, a stable id from the mailbox GUID.
    const userId = norm(input.userId ?? guidString(guid));
    if (this.byUserId.has(userId)) throw new DirectoryError(`user id ${userId} already has a mailbox`);
    const mailbox = new Mailbox({
      smtp,
      displayName: input.displayName ?? displayNameFromAddress(smtp),
      guid,
      orgId: org.id,
      domain,
      messageIdHost: messageIdHostFor(this.mode, domain, smtp),
    });
    this.mailboxes.set(smtp, mailbox);
    this.byGuid.set(guid.toString("hex"), mailbox);
    mailbox.userId = userId;
    this.byUserId.set(userId, mailbox);
    return mailbox;
  }

  mailbox(smtp: string): Mailbox | undefined {
    return this.mailboxes.get(norm(smtp));
  }

  mailboxByGuid(guid: Buffer): Mailbox | undefined {
    return this.byGuid.get(guid.toString("hex"));
  }

  mailboxByUserId(userId: string): Mailbox | undefined {
    return this.byUserId.get(norm(userId));
  }

  allMailboxes(): Mailbox[] {
    return [...this.mailboxes.values()];
  }

  /** Whether an address belongs to the organisation (decides Mailbox vs OneOff recipients, internal vs external). */
  isInternal(orgId: string, email: string): boolean {
    const org = this.organization(orgId);
    const domain = norm(email).split("@")[1] ?? "";
    return !!org && org.domains.includes(domain);
  }

  addAccount(input: {
    domain: string;
    username: string;
    upn?: string;
    password: string;
    orgId: string;
    mailboxSmtp?: string;
    impersonation?: ImpersonationRight;
  }): Account {
    const domain = input.domain.trim().toUpperCase();
    const username = input.username.trim();
    const org = this.organization(input.orgId);
    if (!org) throw new DirectoryError(`organization ${input.orgId} does not exist`);
    const upn = norm(input.upn ?? `${username}@${org.domains[0] ?? `${domain.toLowerCase()}.local`}`);
    const account: Account = {
      domain,
      username,
      upn,
      password: input.password,
      orgId: org.id,
      mailboxSmtp: input.mailboxSmtp ? norm(input.mailboxSmtp) : undefined,
      impersonation: input.impersonation ?? { kind: "none" },
    };
    for (const key of loginKeys(account)) {
      if (this.accounts.has(key)) throw new DirectoryError(`account ${key} already exists`);
    }
    for (const key of loginKeys(account)) this.accounts.set(key, account);
    return account;
  }

  /** The user changed the password in Active Directory (or it was reset): the old one stops working at once. */
  changePassword(login: string, password: string): void {
    const account = this.findAccount(login);
    if (!account) throw new DirectoryError(`no account ${login}`);
    const changed: Account = { ...account, password };
    for (const key of loginKeys(account)) this.accounts.set(key, changed);
  }

  /** Resolves the forms Windows accepts: DOMAIN\user, user@upn-suffix, or a bare user name. */
  findAccount(login: string): Account | undefined {
    return this.accounts.get(norm(login));
  }
}

function loginKeys(account: Account): string[] {
  return [norm(`${account.domain}\\${account.username}`), norm(account.upn), norm(account.username)];
}

function displayNameFromAddress(smtp: string): string {
  const local = smtp.split("@")[0] ?? smtp;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(" ");
}
