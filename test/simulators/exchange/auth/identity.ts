/**
 * Who is calling, once authentication succeeded. The three shapes differ in what they may do: a delegated (user)
 * token acts as its user and must not impersonate; an app-only token must impersonate; an on-premises Windows account
 * acts as its own mailbox or impersonates within its ApplicationImpersonation scope.
 */
import type { Account } from "../store/mailboxStore";

export type Caller =
  | { readonly kind: "delegated"; readonly tenantId: string; readonly upn: string; readonly appId: string | undefined }
  | { readonly kind: "application"; readonly tenantId: string; readonly appId: string }
  | { readonly kind: "account"; readonly account: Account };

/** Throttling budgets are per caller account (app-only: the application; it has its own budget, as EXO documents). */
export function budgetKey(caller: Caller): string {
  switch (caller.kind) {
    case "delegated": return `user:${caller.tenantId}:${caller.upn.toLowerCase()}`;
    case "application": return `app:${caller.tenantId}:${caller.appId.toLowerCase()}`;
    case "account": return `account:${caller.account.domain}\\${caller.account.username.toLowerCase()}`;
  }
}
