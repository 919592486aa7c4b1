import type { PermissionNeed } from "./consent";
import type { AppRole, Application } from "./directoryTypes";
import { escapeHtml, hiddenInput, renderPage } from "./pageLayout";

/**
 * "Permissions requested": each permission in plain words (the resource's consent display text), Accept and Cancel.
 * Admins get "Consent on behalf of your organization" (application-consent-experience.md); on the /adminconsent
 * endpoint consent is always organisation-wide and application permissions are listed too.
 */

export interface ConsentPageInput {
  readonly action: string;
  readonly ctx: string;
  readonly userPrincipalName: string;
  readonly client: Application;
  readonly needs: readonly PermissionNeed[];
  readonly applicationPermissions?: ReadonlyArray<{ resource: Application; role: AppRole }>;
  readonly mode: "user" | "admin" | "organization";
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? "A") + (words[1]?.[0] ?? "")).toUpperCase();
}

export function renderConsentPage(input: ConsentPageInput): string {
  const adminWording = input.mode !== "user";
  const delegated = input.needs.flatMap((need) =>
    need.permissions.map((p) => ({
      text: adminWording ? p.adminConsentDisplayName : p.userConsentDisplayName,
      detail: `${need.resource.displayName} · ${p.value}`,
    })),
  );
  const application = (input.applicationPermissions ?? []).map(({ resource, role }) => ({
    text: `${role.displayName} (application permission)`,
    detail: `${resource.displayName} · ${role.value}`,
  }));
  const items = [...delegated, ...application]
    .map(
      (p) =>
        `<li><span class="check" aria-hidden="true">&#10003;</span><span><span class="permission">${escapeHtml(p.text)}</span><span class="detail">${escapeHtml(p.detail)}</span></span></li>`,
    )
    .join("\n");
  const orgCheckbox =
    input.mode === "admin"
      ? `<label class="org"><input type="checkbox" name="consentOnBehalfOfOrganization" value="true"> <span>Consent on behalf of your organization</span></label>`
      : "";
  const orgNote =
    input.mode === "organization"
      ? `<p class="small">If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>`
      : "";
  return renderPage({
    title: "Permissions requested",
    identity: input.userPrincipalName,
    body: `<h1>Permissions requested${input.mode === "organization" ? "<br><span style=\"font-size:15px;font-weight:400\">Review for your organization</span>" : ""}</h1>
<div class="app"><div class="tile" aria-hidden="true">${escapeHtml(initials(input.client.displayName))}</div>
<div><div class="name">${escapeHtml(input.client.displayName)}</div><div class="publisher"><span class="warn">unverified</span></div></div></div>
<p>This app would like to:</p>
<ul class="permissions" aria-label="Requested permissions">
${items}
</ul>
<form id="consent" method="post" action="${escapeHtml(input.action)}">
${hiddenInput("ctx", input.ctx)}
${orgCheckbox}
${orgNote}
<p class="small">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement. <strong>The publisher has not provided links to their terms for you to review.</strong> You can change these permissions at https://myapplications.microsoft.com. <a href="#">Show details</a></p>
<p class="small"><a href="#">Does this app look suspicious? Report it here</a></p>
<div class="actions"><button class="secondary" type="submit" name="action" value="cancel">Cancel</button><button class="primary" type="submit" name="action" value="accept">Accept</button></div>
</form>`,
  });
}
