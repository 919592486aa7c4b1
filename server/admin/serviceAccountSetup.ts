import type { CreateServiceAccountRequest, UpdateServiceAccountPasswordRequest } from "../api/consoleContract";
import type { EwsEndpoint } from "../mailbox/ews/ewsService";
import { discoverEwsUrl } from "../mailbox/ews/autodiscover";
import { MailboxError } from "../mailbox/mailboxError";
import type { MailboxSource } from "../mailbox/mailboxSource";
import { probeMailbox } from "../mailbox/probe";
import type { ServerFence } from "../net/userServers";
import { checkServerAddresses, checkServerHost, checkServerUrl, ServerRefusedError, unreachableText } from "../net/userServers";
import type { AuditLog } from "../store/auditLog";
import type { ServiceAccount, ServiceAccountRepository } from "../store/serviceAccountRepository";

export interface ServiceAccountSetupDeps {
  readonly serviceAccounts: ServiceAccountRepository;
  readonly openEndpoint: (endpoint: EwsEndpoint, accountKey: string) => MailboxSource;
  readonly audit: AuditLog;
  readonly timeoutMs: number;
  /** The network rule for servers an admin names (server/net/userServers.ts). */
  readonly fence: ServerFence;
}

/** The account could not be saved; the message says what to change in the form. */
export class ServiceAccountCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceAccountCheckError";
  }
}

/**
 * Answers only a real Exchange gives get their own words; every other failure (closed port, timeout, a web server that
 * is not Exchange) reads the same, so the form tells nobody what listens where.
 */
const checkMessages: Partial<Record<MailboxError["code"], string>> = {
  unauthorized: "Exchange refused the username or password. Use DOMAIN\\username or the account's UPN, and check the password and the sign-in method (NTLM or Basic).",
  impersonation_denied:
    "The account signed in but may not impersonate the test mailbox: assign it the ApplicationImpersonation role (New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>) with a scope that includes the mailbox.",
  mailbox_not_found: "Exchange has no mailbox at the test address; give the address of a mailbox the account should serve.",
};

/** Proves the account can open the test mailbox with these credentials; throws what to fix otherwise. */
async function checkAccount(d: ServiceAccountSetupDeps, a: { ewsUrl: string; username: string; password: string; authMethod: "ntlm" | "basic"; testMailbox: string }): Promise<void> {
  await checkServerAddresses(checkServerUrl(a.ewsUrl, "ewsUrl", d.fence), "ewsUrl", d.fence);
  const source = d.openEndpoint(
    { url: a.ewsUrl, auth: { kind: a.authMethod, username: a.username, password: a.password }, impersonate: a.testMailbox, anchorMailbox: a.testMailbox, timeoutMs: d.timeoutMs, fence: d.fence },
    `sa-check:${a.username.toLowerCase()}`,
  );
  const probe = await probeMailbox(source);
  if (!probe.ok) {
    const known = checkMessages[probe.error.code];
    throw new ServiceAccountCheckError(known ? `${known} (EWS at ${a.ewsUrl})` : unreachableText(a.ewsUrl));
  }
}

/**
 * The account's password changed in Active Directory: the new one is checked, sealed, and the mailboxes that stopped on
 * the refused password sync again.
 */
export async function replaceServiceAccountPassword(
  d: ServiceAccountSetupDeps,
  who: { tenantId: string; actor: string },
  id: string,
  req: UpdateServiceAccountPasswordRequest,
): Promise<{ account: ServiceAccount; resumed: number } | null> {
  const account = await d.serviceAccounts.get(who.tenantId, id);
  if (!account) return null;
  await checkAccount(d, { ...account, password: req.password, testMailbox: req.testMailbox });
  const resumed = await d.serviceAccounts.replacePassword(who.tenantId, id, req.password);
  await d.audit.append({ tenantId: who.tenantId, actor: who.actor, action: "service_account.password", detail: { serviceAccountId: id, name: account.name, resumed } });
  return { account, resumed };
}

/**
 * Adds an on-premises impersonation account only after it proved itself: the EWS URL (given, or found by Autodiscover
 * with the account's own credentials) answers, the credentials are accepted, and the account can open the test mailbox.
 */
export async function addServiceAccount(d: ServiceAccountSetupDeps, who: { tenantId: string; actor: string }, req: CreateServiceAccountRequest): Promise<ServiceAccount> {
  const authMethod = req.authMethod ?? "ntlm";
  let ewsUrl = req.ewsUrl?.trim();
  if (!ewsUrl) {
    const at = req.autodiscoverHost?.trim() || undefined;
    if (at) await checkServerAddresses(checkServerHost(at, "autodiscoverHost", d.fence), "autodiscoverHost", d.fence);
    try {
      ewsUrl = await discoverEwsUrl({ email: req.testMailbox, at, username: req.username, password: req.password, authMethod, timeoutMs: d.timeoutMs, fence: d.fence });
    } catch (err) {
      const e = err instanceof MailboxError ? err : new MailboxError("protocol", String(err));
      const where = at ?? req.testMailbox.split("@")[1] ?? req.testMailbox;
      throw new ServiceAccountCheckError(
        `Autodiscover did not find the EWS URL: ${checkMessages[e.code] ?? `no Autodiscover server answered for ${where}`}. Enter the EWS URL (https://mail.example.com/EWS/Exchange.asmx) instead.`,
      );
    }
    // What Autodiscover answered is held to the same rule as a typed URL.
    try {
      checkServerUrl(ewsUrl, "ewsUrl", d.fence);
    } catch (err) {
      if (err instanceof ServerRefusedError) throw new ServerRefusedError("autodiscoverHost", `Autodiscover answered an EWS URL the server may not use (${err.message})`);
      throw err;
    }
  }
  await checkAccount(d, { ewsUrl, username: req.username, password: req.password, authMethod, testMailbox: req.testMailbox });
  const account = await d.serviceAccounts.create({ tenantId: who.tenantId, name: req.name.trim(), ewsUrl, username: req.username.trim(), authMethod, createdBy: who.actor }, req.password);
  await d.audit.append({ tenantId: who.tenantId, actor: who.actor, action: "service_account.create", detail: { serviceAccountId: account.id, name: account.name, ewsUrl, username: account.username, authMethod } });
  return account;
}
