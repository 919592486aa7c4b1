import type { EwsEndpoint } from "../mailbox/ews/ewsService";
import type { DiscoveryDeps, DiscoveryStep } from "../mailbox/onprem/autodiscoverChain";
import { discoverMailbox } from "../mailbox/onprem/autodiscoverChain";
import type { MailboxSource } from "../mailbox/mailboxSource";
import { probeMailbox } from "../mailbox/probe";
import type { ServerFence } from "../net/userServers";
import { checkServerAddresses, checkServerUrl } from "../net/userServers";
import type { AuditLog } from "../store/auditLog";
import type { Mailbox } from "../store/mailboxRepository";
import type { OnpremAuthMethod, OnpremLogin, OnpremRepository } from "../store/onpremRepository";
import { usernameFor, usernameFormatOf } from "../store/onpremRepository";

export interface OnpremSetupDeps {
  readonly onprem: OnpremRepository;
  readonly discovery: DiscoveryDeps;
  readonly fence: ServerFence;
  readonly openEndpoint: (endpoint: EwsEndpoint, accountKey: string) => MailboxSource;
  readonly audit: AuditLog;
  readonly ewsTimeoutMs: number;
  /** Starts the first sync now rather than at the next minute tick. */
  readonly syncSoon: (mailboxId: string) => void;
}

export interface Rep {
  readonly tenantId: string;
  readonly oid: string;
  readonly email: string;
  readonly displayName: string | null;
}

export interface OnpremConnectInput {
  readonly password: string;
  readonly ewsUrl?: string;
  readonly username?: string;
  /** A redirect target outside the address's domain the rep confirmed. */
  readonly confirmHost?: string;
}

/** What "Test and save" ended with; each failure names the form field that would help. */
export type OnpremConnectOutcome =
  | { readonly kind: "connected"; readonly mailbox: Mailbox; readonly usedRemembered: boolean }
  | { readonly kind: "online" }
  | { readonly kind: "not_found"; readonly field: "ewsUrl" | "username"; readonly unconfirmedHost: string | null; readonly message: string; readonly steps: readonly DiscoveryStep[] }
  | { readonly kind: "rejected"; readonly field: "password" | "username" | "ewsUrl"; readonly message: string };

const refusedSignIn = (askUsername: boolean) =>
  askUsername
    ? "Exchange refused the sign-in. Check the password; if you sign in to Windows with another name, enter it as DOMAIN\\username (ask IT which one)."
    : "Exchange refused the password. Check it (it is your Windows password) and that your account is not locked.";

/**
 * A rep connects an on-premises mailbox with email and password: the company's remembered settings first, else the
 * EWS URL the rep gave, else Autodiscover; then one real EWS call (NTLM, then Basic, which the network rule allows
 * only over TLS) before anything is saved. The first success teaches the company's settings to the next colleague.
 */
export class OnpremSetup {
  constructor(private readonly d: OnpremSetupDeps) {}

  async connect(rep: Rep, input: OnpremConnectInput): Promise<OnpremConnectOutcome> {
    const email = rep.email.toLowerCase();
    const domain = email.split("@")[1] ?? "";
    const remembered = input.ewsUrl ? null : await this.d.onprem.companySettings(rep.tenantId, domain);
    let ewsUrl = input.ewsUrl?.trim();
    const username = input.username?.trim() || (remembered ? usernameFor(remembered.usernameFormat, email) : email);
    const methods: OnpremAuthMethod[] = remembered ? [remembered.authMethod] : ["ntlm", "basic"];
    if (remembered) ewsUrl = remembered.ewsUrl;
    if (!ewsUrl) {
      const found = await discoverMailbox(this.d.discovery, { email, username, password: input.password, confirmedHosts: input.confirmHost ? [input.confirmHost] : [] });
      if (found.kind === "online") return { kind: "online" };
      if (found.kind === "failed") return { kind: "not_found", field: found.field, unconfirmedHost: found.unconfirmedHost, message: found.message, steps: found.steps };
      ewsUrl = found.ewsUrl;
    }
    // Throws ServerRefusedError (a 400 naming the field) for a URL the network rule refuses.
    const url = checkServerUrl(ewsUrl, "ewsUrl", this.d.fence);
    if (input.ewsUrl) await checkServerAddresses(url, "ewsUrl", this.d.fence);
    let worked: OnpremLogin | null = null;
    let lastCode = "";
    for (const authMethod of methods) {
      const login = { ewsUrl: url.href, username, authMethod };
      const probe = await probeMailbox(this.open(email, login, input.password));
      if (probe.ok) {
        worked = login;
        break;
      }
      lastCode = probe.error.code;
      if (probe.error.code !== "unauthorized") break;
    }
    if (!worked) {
      if (lastCode === "unauthorized") return { kind: "rejected", field: input.username ? "password" : "username", message: refusedSignIn(!input.username) };
      return { kind: "rejected", field: "ewsUrl", message: `The EWS URL did not answer as Exchange for ${email}: check it with IT (like https://mail.company.com/EWS/Exchange.asmx).` };
    }
    const mailbox = await this.d.onprem.attachMailbox({ tenantId: rep.tenantId, email, userOid: rep.oid, displayName: rep.displayName });
    await this.d.onprem.saveLogin(mailbox.id, worked, input.password);
    await this.d.onprem.rememberCompany({ tenantId: rep.tenantId, emailDomain: domain, ewsUrl: worked.ewsUrl, authMethod: worked.authMethod, usernameFormat: usernameFormatOf(email, worked.username), learnedFrom: mailbox.id });
    await this.d.audit.append({ tenantId: rep.tenantId, actor: email, action: "mailbox.onprem_connect", mailboxId: mailbox.id, detail: { ewsUrl: worked.ewsUrl, authMethod: worked.authMethod, remembered: !!remembered } });
    this.d.syncSoon(mailbox.id);
    return { kind: "connected", mailbox, usedRemembered: !!remembered };
  }

  /**
   * The password changed (Exchange answered 401): only the new password is asked for, checked with one call, sealed,
   * and the mailbox syncs on from its saved cursors.
   */
  async replacePassword(rep: Rep, mailbox: Mailbox, password: string): Promise<{ kind: "resumed" } | { kind: "rejected"; message: string } | { kind: "no_login" }> {
    const login = await this.d.onprem.login(mailbox.id);
    if (!login) return { kind: "no_login" };
    checkServerUrl(login.ewsUrl, "ewsUrl", this.d.fence);
    const probe = await probeMailbox(this.open(mailbox.email, login, password));
    if (!probe.ok) return { kind: "rejected", message: probe.error.code === "unauthorized" ? refusedSignIn(false) : `Exchange could not be reached at ${login.ewsUrl}; try again in a moment.` };
    await this.d.onprem.replacePassword(mailbox.id, password);
    const resumed = await this.d.onprem.attachMailbox({ tenantId: rep.tenantId, email: mailbox.email, userOid: rep.oid, displayName: null });
    await this.d.audit.append({ tenantId: rep.tenantId, actor: rep.email, action: "mailbox.onprem_password", mailboxId: mailbox.id, detail: {} });
    this.d.syncSoon(resumed.id);
    return { kind: "resumed" };
  }

  private open(email: string, login: OnpremLogin, password: string): MailboxSource {
    return this.d.openEndpoint(
      { url: login.ewsUrl, auth: { kind: login.authMethod, username: login.username, password }, impersonate: null, anchorMailbox: email, timeoutMs: this.d.ewsTimeoutMs, fence: this.d.fence },
      `onprem-check:${email}`,
    );
  }
}
