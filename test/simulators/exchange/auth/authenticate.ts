/**
 * The authentication front door, per deployment: Exchange Online accepts only OAuth bearer tokens (Basic auth is off);
 * on-premises IIS offers Negotiate/NTLM and Basic. Returns the caller or the 401 to send.
 */
import type { IncomingMessage } from "node:http";
import type { MailboxStore } from "../store/mailboxStore";
import type { BearerVerifier } from "./bearer";
import { verifyBasic } from "./basic";
import type { HttpRejection } from "./challenge";
import { windowsChallenge } from "./challenge";
import type { Caller } from "./identity";
import type { NtlmAuthenticator } from "./ntlm";

export type AuthOutcome = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly rejection: HttpRejection };
export type Authenticator = (req: IncomingMessage) => Promise<AuthOutcome>;

export function bearerAuthenticator(verifier: BearerVerifier): Authenticator {
  return (req) => verifier.verify(req.headers.authorization);
}

export function windowsAuthenticator(store: MailboxStore, opts: { realm: () => string; ntlm: NtlmAuthenticator | undefined }): Authenticator {
  return async (req) => {
    const header = req.headers.authorization;
    if (opts.ntlm && header && /^(NTLM|Negotiate)\s/i.test(header)) return opts.ntlm.handle(req, header);
    const onConnection = !header ? opts.ntlm?.connectionCaller(req) : undefined;
    if (onConnection) return { ok: true, caller: onConnection };
    const caller = verifyBasic(header, store);
    if (caller) return { ok: true, caller };
    return { ok: false, rejection: windowsChallenge(opts.realm(), !!opts.ntlm) };
  };
}
