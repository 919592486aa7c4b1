/**
 * HTTP Basic against the simulated Active Directory (on-premises Exchange). Accepts DOMAIN\user, user@upn-suffix or a
 * bare user name, like IIS with a default domain.
 */
import type { MailboxStore } from "../store/mailboxStore";
import type { Caller } from "./identity";

export function parseBasic(authorization: string | undefined): { login: string; password: string } | undefined {
  const match = authorization ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function verifyBasic(authorization: string | undefined, store: MailboxStore): Caller | undefined {
  const creds = parseBasic(authorization);
  if (!creds) return undefined;
  const account = store.findAccount(creds.login);
  if (!account || account.password !== creds.password) return undefined;
  return { kind: "account", account };
}
