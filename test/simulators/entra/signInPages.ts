import { escapeHtml, hiddenInput, renderPage } from "./pageLayout";

/**
 * The pages that establish who the user is: credentials, the second factor, and the account picker. Field and button
 * names are stable for tests (accessible names "Email, phone, or Skype", "Password", "Sign in", "Verify").
 */

export function renderSignInPage(input: { action: string; ctx: string; loginHint?: string; error?: string; tenantLabel?: string }): string {
  const error = input.error ? `<p class="error" role="alert" id="usernameError">${escapeHtml(input.error)}</p>` : "";
  const subtitle = input.tenantLabel ? `<p class="muted">to continue to ${escapeHtml(input.tenantLabel)}</p>` : "";
  return renderPage({
    title: "Sign in to your account",
    body: `<h1>Sign in</h1>
${subtitle}
<form id="signin" method="post" action="${escapeHtml(input.action)}" autocomplete="off">
${hiddenInput("ctx", input.ctx)}
<label class="field"><span>Email, phone, or Skype</span>
<input class="text" type="email" name="login" value="${escapeHtml(input.loginHint ?? "")}" placeholder="Email, phone, or Skype" aria-label="Email, phone, or Skype" required></label>
<label class="field"><span>Password</span>
<input class="text" type="password" name="passwd" placeholder="Password" aria-label="Password"></label>
${error}
<div class="links"><a href="#">Can't access your account?</a></div>
<div class="actions"><button class="primary" type="submit">Sign in</button></div>
</form>`,
  });
}

export function renderMfaPage(input: { action: string; ctx: string; userPrincipalName: string; error?: string }): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : "";
  return renderPage({
    title: "Verify your identity",
    identity: input.userPrincipalName,
    body: `<h1>Enter code</h1>
<p>Enter the code displayed in the Microsoft Authenticator app on your mobile device.</p>
<form id="mfa" method="post" action="${escapeHtml(input.action)}">
${hiddenInput("ctx", input.ctx)}
<label class="field"><span>Code</span>
<input class="text" type="text" inputmode="numeric" name="otc" placeholder="Code" aria-label="Code" autocomplete="one-time-code" required></label>
${error}
<p class="small" style="margin-top:12px">More information required by your organization to keep your account secure.</p>
<div class="actions"><button class="primary" type="submit">Verify</button></div>
</form>`,
  });
}

/** The interrupt for users who must use MFA but have no method yet (the AADSTS50079 situation). */
export function renderMfaRegistrationPage(input: { action: string; ctx: string; userPrincipalName: string }): string {
  return renderPage({
    title: "More information required",
    identity: input.userPrincipalName,
    body: `<h1>More information required</h1>
<p>Your organization needs more information to keep your account secure.</p>
<form id="mfa-register" method="post" action="${escapeHtml(input.action)}">
${hiddenInput("ctx", input.ctx)}
<div class="links"><a href="#">Learn more</a></div>
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`,
  });
}

export function renderAccountPickerPage(input: {
  action: string;
  ctx: string;
  accounts: ReadonlyArray<{ userObjectId: string; displayName: string; userPrincipalName: string }>;
}): string {
  const items = input.accounts
    .map(
      (a) =>
        `<li><button type="submit" name="account" value="${escapeHtml(a.userObjectId)}" aria-label="Sign in with ${escapeHtml(a.userPrincipalName)}">` +
        `<span>${escapeHtml(a.displayName)}</span><span class="upn">${escapeHtml(a.userPrincipalName)}</span></button></li>`,
    )
    .join("\n");
  return renderPage({
    title: "Pick an account",
    body: `<h1>Pick an account</h1>
<form id="picker" method="post" action="${escapeHtml(input.action)}">
${hiddenInput("ctx", input.ctx)}
<ul class="accounts">
${items}
<li><button type="submit" name="account" value="other"><span>Use another account</span></button></li>
</ul>
</form>`,
  });
}
