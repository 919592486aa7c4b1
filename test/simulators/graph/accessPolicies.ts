/**
 * Application Access Policies (New-ApplicationAccessPolicy; reference §12.4): per tenant and app, RestrictAccess admits
 * only the listed mailboxes, DenyAccess refuses them. They bind app-only callers; a refused mailbox answers 403
 * ErrorAccessDenied "Access to OData is disabled." (auth-limit-mailbox-access.md). RBAC for Applications, the successor,
 * answers the same way and is modelled by the same rule.
 */
export interface AccessPolicy {
  readonly tenantId: string;
  readonly appId: string;
  readonly accessRight: "RestrictAccess" | "DenyAccess";
  /** Lower-case SMTP addresses (the policy's mail-enabled security group, expanded). */
  readonly mailboxes: ReadonlySet<string>;
}

export class AccessPolicies {
  private policies: AccessPolicy[] = [];

  add(policy: AccessPolicy): void {
    this.policies.push(policy);
  }

  clear(): void {
    this.policies = [];
  }

  allows(tenantId: string, appId: string, mailbox: string): boolean {
    const mine = this.policies.filter((p) => p.tenantId === tenantId.toLowerCase() && p.appId === appId.toLowerCase());
    return mine.every((p) => (p.accessRight === "RestrictAccess" ? p.mailboxes.has(mailbox) : !p.mailboxes.has(mailbox)));
  }
}
