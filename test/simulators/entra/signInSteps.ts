import type { Response } from "express";
import type { EntraContext } from "./context";
import type { User } from "./directoryTypes";
import type { InteractiveFlow } from "./flows";
import type { BrowserSession, SessionAccount } from "./sessions";
import { renderAccountPickerPage, renderMfaPage, renderMfaRegistrationPage, renderSignInPage } from "./signInPages";
import { pathAdmitsTenant } from "./tenantPath";

/**
 * Who is signing in, decided from the browser session and the request (v2-oauth2-auth-code-flow.md, `prompt` and
 * `login_hint`): single sign-on when one usable account is signed in, the picker for several or for
 * prompt=select_account, the credential page otherwise or for prompt=login, then the second factor when the user
 * must use MFA and this session has not.
 */

export type SignInStep =
  | { readonly kind: "signedIn"; readonly user: User; readonly account: SessionAccount }
  | { readonly kind: "credentials" }
  | { readonly kind: "picker"; readonly users: readonly User[] }
  | { readonly kind: "mfa"; readonly user: User };

/** A session account still counts if the user exists, is enabled, was not revoked since, and fits the endpoint's tenant. */
function usable(ctx: EntraContext, flow: InteractiveFlow, account: SessionAccount): User | undefined {
  const user = ctx.directory.users.get(account.userObjectId);
  if (!user || !user.accountEnabled) return undefined;
  if (user.allTokensValidFrom && account.seq < user.allTokensValidFrom.seq) return undefined;
  if (!pathAdmitsTenant(flow.path, user.tenantId)) return undefined;
  return user;
}

export function nextSignInStep(ctx: EntraContext, flow: InteractiveFlow, session: BrowserSession): SignInStep {
  const candidates = session.accounts
    .map((account) => ({ account, user: usable(ctx, flow, account) }))
    .filter((c): c is { account: SessionAccount; user: User } => c.user !== undefined);
  const finish = (c: { account: SessionAccount; user: User }): SignInStep => {
    flow.chosenUserObjectId = c.user.objectId;
    return c.user.mfaRequired && !c.account.mfa ? { kind: "mfa", user: c.user } : { kind: "signedIn", user: c.user, account: c.account };
  };

  const chosen = flow.chosenUserObjectId && candidates.find((c) => c.user.objectId === flow.chosenUserObjectId);
  if (chosen) return finish(chosen);
  flow.chosenUserObjectId = undefined;
  if (flow.needsCredentials) return { kind: "credentials" };

  const authorize = flow.kind === "authorize" ? flow : undefined;
  if (authorize?.needsAccountPick) return candidates.length > 0 ? { kind: "picker", users: candidates.map((c) => c.user) } : { kind: "credentials" };
  const hint = authorize?.loginHint?.toLowerCase();
  if (hint) {
    const hinted = candidates.find((c) => c.user.userPrincipalName.toLowerCase() === hint || c.user.mail.toLowerCase() === hint);
    return hinted ? finish(hinted) : { kind: "credentials" };
  }
  if (candidates.length === 1 && candidates[0]) return finish(candidates[0]);
  if (candidates.length > 1) return { kind: "picker", users: candidates.map((c) => c.user) };
  return { kind: "credentials" };
}

export function interactivePath(flow: InteractiveFlow, action: string): string {
  return `/${encodeURIComponent(flow.path.segment)}/${action}`;
}

export function renderSignInStep(
  flow: InteractiveFlow,
  step: Exclude<SignInStep, { kind: "signedIn" }>,
  res: Response,
  error?: string,
): void {
  res.type("html").setHeader("Cache-Control", "no-store, no-cache");
  if (step.kind === "credentials") {
    res.send(
      renderSignInPage({
        action: interactivePath(flow, "login"),
        ctx: flow.id,
        loginHint: flow.kind === "authorize" ? flow.loginHint : undefined,
        error,
        tenantLabel: flow.client.displayName,
      }),
    );
  } else if (step.kind === "picker") {
    res.send(
      renderAccountPickerPage({
        action: interactivePath(flow, "login/select-account"),
        ctx: flow.id,
        accounts: step.users.map((u) => ({ userObjectId: u.objectId, displayName: u.displayName, userPrincipalName: u.userPrincipalName })),
      }),
    );
  } else if (!step.user.mfaRegistered) {
    res.send(renderMfaRegistrationPage({ action: interactivePath(flow, "login/mfa/register"), ctx: flow.id, userPrincipalName: step.user.userPrincipalName }));
  } else {
    res.send(renderMfaPage({ action: interactivePath(flow, "login/mfa"), ctx: flow.id, userPrincipalName: step.user.userPrincipalName, error }));
  }
}
