import type { CreateServiceAccountRequest } from "../api/consoleContract";
import type { EwsEndpoint } from "../mailbox/ews/ewsService";
import { discoverEwsUrl } from "../mailbox/ews/autodiscover";
import { MailboxError } from "../mailbox/mailboxError";
import type { MailboxSource } from "../mailbox/mailboxSource";
import { probeMailbox, probeMessages } from "../mailbox/probe";
import type { AuditLog } from "../store/auditLog";
import type { ServiceAccount, ServiceAccountRepository } from "../store/serviceAccountRepository";

export interface ServiceAccountSetupDeps {
  readonly serviceAccounts: ServiceAccountRepository;
  readonly openEndpoint: (endpoint: EwsEndpoint, accountKey: string) => MailboxSource;
  readonly audit: AuditLog;
  readonly timeoutMs: number;
}

/** The account could not be saved; the message says what to change in the form. */
export class ServiceAccountCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceAccountCheckError";
  }
}

const checkMessages: Partial<Record<MailboxError["code"], string>> = {
  unauthorized: "Exchange refused the username or password. Use DOMAIN\\username or the account's UPN, and check the password and the sign-in method (NTLM or Basic).",
  impersonation_denied:
    "The account signed in but may not impersonate the test mailbox: assign it the ApplicationImpersonation role (New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>) with a scope that includes the mailbox.",
  mailbox_not_found: "Exchange has no mailbox at the test address; give the address of a mailbox the account should serve.",
};

/**
 * Adds an on-premises impersonation account only after it proved itself: the EWS URL (given, or found by Autodiscover
 * with the account's own credentials) answers, the credentials are accepted, and the account can open the test mailbox.
 */
export async function addServiceAccount(d: ServiceAccountSetupDeps, who: { tenantId: string; actor: string }, req: CreateServiceAccountRequest): Promise<ServiceAccount> {
  const authMethod = req.authMethod ?? "ntlm";
  let ewsUrl = req.ewsUrl?.trim();
  if (!ewsUrl) {
    try {
      ewsUrl = await discoverEwsUrl({ email: req.testMailbox, at: req.autodiscoverHost, username: req.username, password: req.password, authMethod, timeoutMs: d.timeoutMs });
    } catch (err) {
      const e = err instanceof MailboxError ? err : new MailboxError("protocol", String(err));
      throw new ServiceAccountCheckError(`Autodiscover did not find the EWS URL: ${checkMessages[e.code] ?? e.message}. Enter the EWS URL (https://mail.example.com/EWS/Exchange.asmx) instead.`);
    }
  }
  const source = d.openEndpoint(
    { url: ewsUrl, auth: { kind: authMethod, username: req.username, password: req.password }, impersonate: req.testMailbox, anchorMailbox: req.testMailbox, timeoutMs: d.timeoutMs },
    `sa-check:${req.username.toLowerCase()}`,
  );
  const probe = await probeMailbox(source);
  if (!probe.ok) throw new ServiceAccountCheckError(`${checkMessages[probe.error.code] ?? probeMessages[probe.error.code]} (EWS at ${ewsUrl})`);
  const account = await d.serviceAccounts.create({ tenantId: who.tenantId, name: req.name.trim(), ewsUrl, username: req.username.trim(), authMethod, createdBy: who.actor }, req.password);
  await d.audit.append({ tenantId: who.tenantId, actor: who.actor, action: "service_account.create", detail: { serviceAccountId: account.id, name: account.name, ewsUrl, username: account.username, authMethod } });
  return account;
}
