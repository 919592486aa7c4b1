import type { Actor, AttentionReason } from "../api";

export type AttentionAction = "reconnect" | "setUpAgain" | "checkAgain";

/** What the attention screen offers for a reason, beyond the remedy text the server sends. */
export interface AttentionPlan {
  readonly actions: readonly AttentionAction[];
  /** Who has to act, in one sentence. */
  readonly whoActs: string;
  /** Shows the admin-consent link with Copy link. */
  readonly adminLink: boolean;
}

const byActor: Readonly<Record<Actor, string>> = {
  user: "You can fix this yourself.",
  tenant_admin: "Your IT administrator has to act on this; nothing you change in Outlook will fix it.",
  support: "Support can see this problem and how to fix it.",
  operator: "This is not caused by anything you did, and you do not need to do anything.",
};

export function attentionPlan(reason: AttentionReason | null, actor: Actor | null, managedByAdmin: boolean): AttentionPlan {
  const whoActs = byActor[actor ?? "support"];
  switch (reason) {
    case "reconnect_required":
    case "moved_to_online":
    case "consent_required":
    case "move_to_graph":
      // An admin-managed mailbox has no rep sign-in to renew: their administrator reconnects it.
      return { actions: managedByAdmin ? ["checkAgain"] : ["reconnect"], whoActs, adminLink: false };
    case "admin_approval_required":
      return { actions: managedByAdmin ? ["checkAgain"] : ["setUpAgain"], whoActs, adminLink: true };
    case "server_misconfigured":
      return { actions: ["checkAgain"], whoActs: byActor.operator, adminLink: false };
    default:
      return { actions: ["checkAgain"], whoActs, adminLink: false };
  }
}
