import { Router } from "express";
import type { Response } from "express";
import { z } from "zod";
import type { CrmSink } from "../crm/crmSink";
import { CrmOrgUnavailableError, CrmUnavailableError } from "../crm/crmSink";
import type { CallerTokenVerifier } from "../identity/callerToken";
import type { Logger } from "../logger";
import type { Database } from "../store/database";
import type { Mailbox, MailboxRepository } from "../store/mailboxRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { emailLogStatus, logEmailNow } from "../sync/logOnDemand";
import type { SyncPolicy } from "../sync/policy";
import { policySettingsSchema, readPolicySettings } from "../sync/policyFor";
import { authenticate, callerOf } from "./authenticate";
import { emailAddress } from "./fields";
import { invalid } from "./invalidRequest";
import { crmUnavailableBody } from "./crmView";
import type { EmailLogStatus, LogEmailResponse, MailboxSettingsView, PeopleResponse, PersonView } from "./contract";

export interface PeopleRouterDeps {
  readonly db: Database;
  readonly verifier: CallerTokenVerifier;
  readonly mailboxes: MailboxRepository;
  readonly tenants: TenantRepository;
  readonly crmFor: (tenantId: string) => Promise<CrmSink | null>;
  /** The mailbox's effective sync policy, as background sync computes it (so logging by hand follows the same rules). */
  readonly policyFor: (m: Mailbox) => Promise<SyncPolicy>;
  readonly logger: Logger;
}

const email = emailAddress();
const peopleSchema = z.object({ emails: z.array(z.string()).max(200, "at most 200 addresses at once") });
const leadSchema = z.object({ email, firstName: z.string().trim().max(40).optional(), lastName: z.string().trim().min(1, "lastName is required").max(80), company: z.string().trim().min(1, "company is required").max(255) });
const address = z.object({ email: z.string().trim(), name: z.string().nullish() });
const logSchema = z.object({
  internetMessageId: z.string().trim().min(3, "internetMessageId is required"),
  subject: z.string().max(1000).default(""),
  from: address.nullable(),
  to: z.array(address).max(500),
  cc: z.array(address).max(500),
  sentAt: z.string().datetime({ offset: true, message: "sentAt must be an ISO date-time" }),
  bodyText: z.string().max(200_000).optional(),
});
const settingsSchema = z.object({
  folders: z.array(z.enum(["inbox", "sentitems", "calendar"])).min(1, "choose at least one folder"),
  captureLevel: z.enum(["metadata", "subject", "full_body"]),
  blockedAddresses: policySettingsSchema.shape.blockedAddresses.unwrap(),
  blockedDomains: policySettingsSchema.shape.blockedDomains.unwrap(),
});

/** The sidebar's CRM side: who is on this email, add a lead, log this email, and the rep's Sync settings. */
export function peopleRouter(d: PeopleRouterDeps): Router {
  const r = Router();
  r.use("/me", authenticate(d.verifier));

  const myMailbox = async (res: Response): Promise<Mailbox | null> => {
    const c = callerOf(res);
    const m = await d.mailboxes.findForUser(c.tid, c.oid, c.username);
    return m && m.state.status !== "disconnected" ? m : null;
  };

  /** The organisation's CRM, or a 409 saying who must act (the admin) instead of an error. */
  const crmOr409 = async (res: Response): Promise<CrmSink | null> => {
    try {
      const crm = await d.crmFor(callerOf(res).tid);
      if (!crm) res.status(409).json(crmUnavailableBody("not_connected"));
      return crm;
    } catch (err) {
      if (!(err instanceof CrmOrgUnavailableError)) throw err;
      res.status(409).json(crmUnavailableBody(err.state));
      return null;
    }
  };

  const onCrmError = (res: Response, err: unknown) => {
    if (err instanceof CrmOrgUnavailableError) {
      res.status(409).json(crmUnavailableBody(err.state));
      return;
    }
    if (!(err instanceof CrmUnavailableError)) throw err;
    d.logger.warn({ err: err.message }, "CRM call from the sidebar failed");
    res.status(502).json({ error: "crm_unavailable", message: "The CRM did not answer; try again in a moment." });
  };

  /**
   * Who may read the CRM's people and add Leads: a rep whose own mailbox is set up for sync (they are the CRM's users
   * this product serves), or an admin or support person. A signed-in user with neither gets a 403 saying why.
   */
  const mayUseCrm = async (res: Response): Promise<boolean> => {
    if (callerOf(res).roles.length > 0 || (await myMailbox(res))) return true;
    res.status(403).json({ error: "forbidden", message: "Set up sync for your mailbox first: CRM people and new leads are for reps whose mailbox syncs to the CRM." });
    return false;
  };

  r.post("/me/people", async (req, res) => {
    const parsed = peopleSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    if (!(await mayUseCrm(res))) return;
    const c = callerOf(res);
    const crm = await crmOr409(res);
    if (!crm) return;
    const policy = readPolicySettings(await d.tenants.syncPolicy(c.tid));
    const ownDomain = (c.username ?? "").split("@")[1]?.toLowerCase();
    const internal = new Set([...(policy.internalDomains ?? []), ...(ownDomain ? [ownDomain] : [])]);
    const emails = [...new Set(parsed.data.emails.map((e) => e.trim().toLowerCase()).filter((e) => email.safeParse(e).success))];
    const isInternal = (e: string) => internal.has(e.split("@")[1] ?? "");
    try {
      const found = await crm.findPeople(emails.filter((e) => !isInternal(e)));
      const people: PersonView[] = emails.map((e) => {
        const p = found.get(e);
        return { email: e, internal: isInternal(e), crm: p ? { id: p.id, kind: p.kind, name: p.name, company: p.company, ownerName: p.ownerName, url: p.url } : null };
      });
      const body: PeopleResponse = { crmConnected: true, people };
      res.json(body);
    } catch (err) {
      onCrmError(res, err);
    }
  });

  r.post("/me/leads", async (req, res) => {
    const parsed = leadSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    if (!(await mayUseCrm(res))) return;
    const crm = await crmOr409(res);
    if (!crm) return;
    try {
      const p = await crm.createLead({ email: parsed.data.email, firstName: parsed.data.firstName ?? null, lastName: parsed.data.lastName, company: parsed.data.company });
      const body: PersonView = { email: p.email, internal: false, crm: { id: p.id, kind: p.kind, name: p.name, company: p.company, ownerName: p.ownerName, url: p.url } };
      res.status(201).json(body);
    } catch (err) {
      onCrmError(res, err);
    }
  });

  r.post("/me/email-status", async (req, res) => {
    const parsed = z.object({ internetMessageId: z.string().trim().min(3) }).safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    const c = callerOf(res);
    const known = await emailLogStatus(d.db, c.tid, parsed.data.internetMessageId);
    const crm = known ? await d.crmFor(c.tid).catch(() => null) : null;
    const body: EmailLogStatus = known ? { logged: true, crmId: known.crmId, url: crm ? crm.activityUrl("email", known.crmId) : null } : { logged: false };
    res.json(body);
  });

  r.post("/me/email-log", async (req, res) => {
    const parsed = logSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    const m = await myMailbox(res);
    if (!m) {
      res.status(409).json({ error: "not_connected", message: "Set up sync first: logging needs your mailbox connected." });
      return;
    }
    const crm = await crmOr409(res);
    if (!crm) return;
    const b = parsed.data;
    const addr = (a: { email: string; name?: string | null }) => ({ email: a.email.trim().toLowerCase(), name: a.name ?? null });
    const policy = await d.policyFor(m);
    try {
      const result = await logEmailNow(d.db, crm, policy, { tenantId: m.tenantId, mailboxId: m.id, ownerEmail: m.email }, {
        kind: "email",
        itemId: `ondemand:${b.internetMessageId}`,
        internetMessageId: b.internetMessageId,
        subject: b.subject,
        from: b.from ? addr(b.from) : null,
        to: b.to.map(addr),
        cc: b.cc.map(addr),
        bcc: [],
        sentAt: new Date(b.sentAt),
        receivedAt: null,
        sensitivity: "normal",
        body: b.bodyText ? { type: "text", content: b.bodyText } : null,
        attachments: [],
      });
      if (result.result === "refused") {
        res.status(422).json({ error: result.reason, message: result.message });
        return;
      }
      const body: LogEmailResponse = { result: result.result, crmId: result.crmId, url: crm.activityUrl("email", result.crmId) };
      res.status(result.result === "logged" ? 201 : 200).json(body);
    } catch (err) {
      onCrmError(res, err);
    }
  });

  r.get("/me/settings", async (_req, res) => {
    const m = await myMailbox(res);
    if (!m) {
      res.status(404).json({ error: "not_connected", message: "Set up sync first." });
      return;
    }
    const s = readPolicySettings(m.settings);
    const body: MailboxSettingsView = {
      folders: m.folders.filter((f): f is MailboxSettingsView["folders"][number] => ["inbox", "sentitems", "calendar"].includes(f)),
      captureLevel: s.captureLevel ?? "subject",
      blockedAddresses: s.blockedAddresses ?? [],
      blockedDomains: s.blockedDomains ?? [],
    };
    res.json(body);
  });

  r.put("/me/settings", async (req, res) => {
    const parsed = settingsSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    const m = await myMailbox(res);
    if (!m) {
      res.status(404).json({ error: "not_connected", message: "Set up sync first." });
      return;
    }
    const { folders, ...settings } = parsed.data;
    await d.mailboxes.saveSettings(m.id, folders, settings);
    res.json(parsed.data satisfies MailboxSettingsView);
  });

  return r;
}
