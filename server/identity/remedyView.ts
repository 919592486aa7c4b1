import type { RemedyView } from "../api/contract";
import type { AttentionReason } from "../domain/mailboxStatus";
import { remedies } from "../domain/remedies";

export function remedyView(reason: AttentionReason, audience: "user" | "support"): RemedyView {
  const r = remedies[reason];
  return { title: r.title, text: audience === "user" ? r.forUser : r.forSupport, actor: r.actor };
}
