import { crmProblemTexts } from "../crm/crmProblems";
import type { CrmConnection } from "../store/crmConnectionRepository";
import type { CrmOverview, CrmProblem, CrmStatus, CrmUnavailableBody, SidebarCrm } from "./crmContract";

/** The console's view of the organisation's CRM connection. */
export function crmStatusView(c: CrmConnection | null): CrmStatus {
  if (!c) return { state: "not_connected" };
  const problem = problemView(c);
  return {
    state: problem ? crmProblemTexts[problem.reason].state : "connected",
    orgId: c.orgId,
    instanceUrl: c.instanceUrl,
    loginHost: c.loginUrl,
    flow: c.flow,
    app: c.clientId ? "own" : "packaged",
    user: { name: c.user.name ?? c.user.username ?? "", username: c.user.username ?? "" },
    connectedAt: c.connectedAt.toISOString(),
    connectedBy: c.connectedBy ?? "",
    problem,
    lastCheck: c.lastCheck,
  };
}

function problemView(c: CrmConnection): CrmProblem | null {
  const p = c.problem;
  if (!p) return null;
  // A pause that is over shows as connected: the next sync tries again and clears or renews it.
  if (p.pausedUntil && new Date(p.pausedUntil) <= new Date()) return null;
  const text = crmProblemTexts[p.reason];
  return { reason: p.reason, title: text.title, fix: text.fix, since: p.since, ...(p.pausedUntil ? { pausedUntil: p.pausedUntil } : {}) };
}

export function crmOverview(c: CrmConnection | null): CrmOverview {
  const s = crmStatusView(c);
  return { state: s.state, problem: s.state === "not_connected" ? null : s.problem };
}

const forUser: Record<Exclude<CrmStatus["state"], "connected">, { title: string; forUser: string }> = {
  not_connected: { title: "No CRM connected", forUser: "Your organisation has not connected Salesforce yet. Your admin connects it in the CRM Sync console; until then nothing is logged." },
  disconnected: { title: "CRM disconnected", forUser: "Your admin must reconnect Salesforce. Your mail is kept and will be logged once it is reconnected; nothing is lost." },
  paused: { title: "CRM paused", forUser: "Salesforce's daily limit for your organisation is used up. Logging resumes by itself when it resets; nothing is lost." },
};

/** The sidebar's view: connected, or who must act. */
export function sidebarCrm(c: CrmConnection | null): SidebarCrm {
  const s = crmStatusView(c).state;
  return s === "connected" ? { state: "connected" } : { state: s, ...forUser[s], actor: "tenant_admin" };
}

/** The 409 people search and "Log this email" answer while the CRM is not usable. */
export function crmUnavailableBody(state: Exclude<CrmStatus["state"], "connected">): CrmUnavailableBody {
  const t = forUser[state];
  return { error: `crm_${state}`, title: t.title, forUser: t.forUser, message: t.forUser };
}
