/**
 * Organisation and mailbox switches that block EWS before any operation runs:
 * - Set-OrganizationConfig -EwsEnabled $false, or EwsEnabled $true with an EwsAllowedAppIDs list not naming the app;
 * - Set-CASMailbox -EwsEnabled $false;
 * - a licence without EWS (Exchange Online Kiosk / F1 / F3 from 2026: "will result in a HTTP 403 response", MC1191578).
 * The exact EXO answer for the org/app blocks is not documented; the simulator sends the same empty-bodied 403 as for
 * the licence block (a Microsoft engineer: "403 is policy block", David-Barrett-MS/PowerShell-EWS-Scripts#62).
 */
import type { Mailbox } from "../store/mailbox";
import type { MailboxStore } from "../store/mailboxStore";
import { HttpRejection } from "./challenge";
import type { Caller } from "./identity";

export function enforceEwsAccess(caller: Caller, mailbox: Mailbox | undefined, store: MailboxStore): void {
  const orgId = caller.kind === "account" ? caller.account.orgId : caller.tenantId;
  const org = store.organization(orgId);
  if (org?.ewsEnabled === false) throw new HttpRejection(403);
  const appId = caller.kind === "account" ? undefined : caller.appId;
  if (org?.ewsEnabled === true && org.ewsAllowedAppIds && (!appId || !org.ewsAllowedAppIds.includes(appId.toLowerCase()))) {
    throw new HttpRejection(403);
  }
  if (mailbox && (mailbox.ewsEnabled === false || !mailbox.ewsLicensed)) throw new HttpRejection(403);
}
