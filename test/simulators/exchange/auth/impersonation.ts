/**
 * Decides which mailbox a request acts as.
 * - Delegated token: its own user; an ExchangeImpersonation header is refused (EXO's exact text).
 * - App-only token (full_access_as_app): must impersonate a mailbox of its own tenant, and — as Microsoft's OAuth
 *   guidance requires — send X-AnchorMailbox naming that mailbox. Without the header Microsoft warns of 500/503 errors;
 *   the simulator answers 503 so a missing anchor cannot go unnoticed (configurable).
 * - On-premises account: its own mailbox, or an impersonated one within its ApplicationImpersonation scope.
 */
import type { ImpersonationHeader } from "../soap/request";
import { TEXT } from "../soap/errors";
import { SoapFault } from "../soap/faults";
import type { Mailbox } from "../store/mailbox";
import type { MailboxStore } from "../store/mailboxStore";
import { HttpRejection } from "./challenge";
import type { Caller } from "./identity";

export type AnchorMailboxPolicy = "require" | "ignore";

function nonExistent(value: string): SoapFault {
  return new SoapFault({
    code: "ErrorNonExistentMailbox",
    message: TEXT.nonExistentMailbox,
    messageXml: [{ kind: "value", name: "SmtpAddress", value }],
  });
}

function lookupTarget(store: MailboxStore, header: ImpersonationHeader, orgId: string): Mailbox {
  // SIDs are not simulated; an SID never resolves (as a SID from another forest would not). A PrincipalName is a UPN:
  // the account's mailbox, or (as usual in Exchange Online, where UPN = primary SMTP) the mailbox of that address.
  const byUpn = header.idType === "PrincipalName" ? store.findAccount(header.value)?.mailboxSmtp : undefined;
  const mailbox = header.idType === "SID" ? undefined : store.mailbox(byUpn ?? header.value);
  if (!mailbox || mailbox.orgId !== orgId) throw nonExistent(header.value);
  return mailbox;
}

export function resolveActingMailbox(
  caller: Caller,
  impersonation: ImpersonationHeader | undefined,
  anchorMailbox: string | undefined,
  store: MailboxStore,
  anchorPolicy: AnchorMailboxPolicy,
): Mailbox | undefined {
  switch (caller.kind) {
    case "delegated": {
      if (impersonation) throw new SoapFault({ code: "ErrorInvalidExchangeImpersonationHeaderData", message: TEXT.impersonationHeaderForbidden });
      const own = store.mailbox(caller.upn);
      if (!own || own.orgId !== caller.tenantId) throw nonExistent(caller.upn);
      return own;
    }
    case "application": {
      if (!impersonation) throw new SoapFault({ code: "ErrorInvalidExchangeImpersonationHeaderData", message: TEXT.impersonationHeaderRequired });
      const target = lookupTarget(store, impersonation, caller.tenantId);
      if (anchorPolicy === "require" && anchorMailbox?.trim().toLowerCase() !== target.smtp) {
        throw new HttpRejection(503);
      }
      return target;
    }
    case "account": {
      const account = caller.account;
      if (!impersonation) return account.mailboxSmtp ? store.mailbox(account.mailboxSmtp) : undefined;
      const target = lookupTarget(store, impersonation, account.orgId);
      const right = account.impersonation;
      const allowed = right.kind === "all" || (right.kind === "mailboxes" && right.mailboxes.has(target.smtp));
      if (!allowed) throw new SoapFault({ code: "ErrorImpersonateUserDenied", message: TEXT.impersonateUserDenied });
      return target;
    }
  }
}
