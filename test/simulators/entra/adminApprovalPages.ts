import type { PermissionNeed } from "./consent";
import type { Application } from "./directoryTypes";
import { escapeHtml, hiddenInput, renderPage } from "./pageLayout";

/**
 * Sign-in interrupts when a user may not consent. Wording follows what users report seeing (vendor help pages quoting
 * the screen): AADSTS90094 "Need admin approval" with "Have an admin account? Sign in with that account" and
 * "Return to the application without granting consent"; AADSTS90095 (admin consent workflow) "Approval required"
 * with a justification box, "Request approval", then "Request sent" and "Back to app". Neither returns a code.
 */

function permissionList(needs: readonly PermissionNeed[]): string {
  return needs
    .flatMap((n) => n.permissions.map((p) => `<li><span class="check" aria-hidden="true">&#8226;</span><span><span class="permission">${escapeHtml(p.adminConsentDisplayName)}</span><span class="detail">${escapeHtml(n.resource.displayName)} · ${escapeHtml(p.value)}</span></span></li>`))
    .join("\n");
}

export function renderNeedAdminApprovalPage(input: {
  client: Application;
  userPrincipalName: string;
  switchAccountHref: string;
  returnHref: string;
  needs: readonly PermissionNeed[];
}): string {
  return renderPage({
    title: "Need admin approval",
    identity: input.userPrincipalName,
    body: `<h1>Need admin approval</h1>
<div class="app"><div class="tile" aria-hidden="true">!</div><div><div class="name">${escapeHtml(input.client.displayName)}</div><div class="publisher"><span class="warn">unverified</span></div></div></div>
<p>${escapeHtml(input.client.displayName)} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
<ul class="permissions" aria-label="Permissions that need approval">${permissionList(input.needs)}</ul>
<div class="links"><a href="${escapeHtml(input.switchAccountHref)}">Have an admin account? Sign in with that account</a></div>
<div class="links"><a href="${escapeHtml(input.returnHref)}">Return to the application without granting consent</a></div>
<p class="details">AADSTS90094: The grant requires admin permission.</p>`,
  });
}

export function renderApprovalRequiredPage(input: {
  client: Application;
  userPrincipalName: string;
  action: string;
  ctx: string;
  switchAccountHref: string;
  needs: readonly PermissionNeed[];
}): string {
  return renderPage({
    title: "Approval required",
    identity: input.userPrincipalName,
    body: `<h1>Approval required</h1>
<div class="app"><div class="tile" aria-hidden="true">!</div><div><div class="name">${escapeHtml(input.client.displayName)}</div><div class="publisher"><span class="warn">unverified</span></div></div></div>
<p>This app requires your admin's approval to:</p>
<ul class="permissions" aria-label="Permissions that need approval">${permissionList(input.needs)}</ul>
<form id="request-approval" method="post" action="${escapeHtml(input.action)}">
${hiddenInput("ctx", input.ctx)}
<label for="justification">Enter justification for requesting this app</label>
<textarea id="justification" name="justification" aria-label="Justification"></textarea>
<div class="links"><a href="${escapeHtml(input.switchAccountHref)}">Have an admin account? Sign in with that account</a></div>
<div class="actions"><button class="primary" type="submit">Request approval</button></div>
</form>
<p class="details">AADSTS90095: Admin consent is required for the permissions requested by this application. An admin consent request may be sent to the admin.</p>`,
  });
}

export function renderRequestSentPage(input: { client: Application; userPrincipalName: string; returnHref: string }): string {
  return renderPage({
    title: "Request sent",
    identity: input.userPrincipalName,
    body: `<h1>Request sent</h1>
<p>Your request for ${escapeHtml(input.client.displayName)} has been sent to your admin. You will receive an email when it is reviewed.</p>
<div class="links"><a href="${escapeHtml(input.returnHref)}">Back to app</a></div>`,
  });
}
