import { existsSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import type { Router } from "express";
import type { DemoFolder, DemoFolderId, DemoItem, DemoWorld } from "../../addin/demo/demoContract";
import { projectRoot } from "../../server/paths";
import type { GroundTruthItem } from "../../test/simulators/exchange/groundTruth";
import type { SalesWorld } from "../../test/simulators/world/salesWorld";
import { crmActivityRecords } from "./crmRecords";
import type { DemoActivity } from "./demoActivity";
import { demoReps } from "./demoUsers";
import { salesforceCss, salesforcePage } from "./salesforcePage";

/** Where webpack puts the demo's pages (addin/demo): apart from dist/addin, so nothing of it is served outside demo mode. */
export const demoDistDir = join(projectRoot, "dist", "demo");

const folderNames: Record<DemoFolderId, string> = { inbox: "Inbox", sentitems: "Sent Items", calendar: "Calendar" };
const isFolder = (v: string): v is DemoFolderId => v in folderNames;

function demoItem(i: GroundTruthItem): DemoItem {
  const meeting = i.folder === "calendar";
  return {
    id: i.id,
    kind: meeting ? "meeting" : "message",
    subject: i.subject,
    from: (meeting ? i.organizer : i.from) ?? null,
    to: meeting ? i.requiredAttendees.map((a) => ({ name: a.name, email: a.email })) : i.to,
    cc: meeting ? i.optionalAttendees.map((a) => ({ name: a.name, email: a.email })) : i.cc,
    when: (meeting ? i.start : i.dateTimeReceived) ?? i.dateTimeCreated,
    end: i.end ?? null,
    location: i.location ?? null,
    internetMessageId: i.internetMessageId ?? null,
    isRead: i.isRead ?? true,
  };
}

/**
 * The demo's routes under /demo, mounted by the start script in demo mode only: the Outlook-like page and its
 * Office.js stand-in (built from addin/demo), the reps' mailboxes read from the Exchange simulator's control API, new
 * customer mail on demand, and the Salesforce simulator's activities.
 */
export function demoRouter(world: SalesWorld, activity: DemoActivity, options: { activityMinutes: number; keyField: string }): Router {
  const router = express.Router();
  const repByEmail = (email: string) => demoReps.find((r) => r.email === email.toLowerCase());

  router.get(["/demo", "/demo/"], (_req, res) => {
    const page = join(demoDistDir, "demo.html");
    if (!existsSync(page)) {
      res.status(503).type("text/plain").send('The demo page has not been built: run "npm run build" (npm start does it for you).');
      return;
    }
    res.set("Cache-Control", "no-cache").sendFile(page);
  });
  router.get("/demo/office.js", (_req, res) => {
    res.set("Cache-Control", "no-cache").sendFile(join(demoDistDir, "office.js"));
  });
  router.get("/demo/api/world", (_req, res) => {
    const body: DemoWorld = { reps: demoReps, password: world.password, activityMinutes: options.activityMinutes };
    res.json(body);
  });
  router.get("/demo/api/mailboxes/:email/folders", (req, res) => {
    const rep = repByEmail(req.params.email);
    if (!rep) return void res.status(404).json({ error: "not_found", message: `email: no demo mailbox ${req.params.email}` });
    const counts = world.exchange.control.folderCounts(rep.email);
    const folders: DemoFolder[] = (Object.keys(folderNames) as DemoFolderId[]).map((id) => ({ id, name: folderNames[id], ...counts[id] }));
    res.json(folders);
  });
  router.get("/demo/api/mailboxes/:email/folders/:folder/items", (req, res) => {
    const rep = repByEmail(req.params.email);
    if (!rep) return void res.status(404).json({ error: "not_found", message: `email: no demo mailbox ${req.params.email}` });
    const folder = req.params.folder;
    if (!isFolder(folder)) return void res.status(400).json({ error: "invalid_request", message: `folder: one of ${Object.keys(folderNames).join(", ")}` });
    const items = world.exchange.control.listItems(rep.email, folder).map(demoItem);
    items.sort((a, b) => Date.parse(b.when) - Date.parse(a.when));
    res.json(items.slice(0, 200));
  });
  router.get("/demo/api/mailboxes/:email/items/:id/body", (req, res) => {
    const rep = repByEmail(req.params.email);
    if (!rep) return void res.status(404).json({ error: "not_found", message: `email: no demo mailbox ${req.params.email}` });
    const body = world.exchange.control.itemBody(rep.email, req.params.id);
    if (body === null) return void res.status(404).json({ error: "not_found", message: "id: no such item in this mailbox" });
    res.json({ body });
  });
  router.post("/demo/api/mailboxes/:email/arrivals", express.json(), (req, res) => {
    const rep = repByEmail(req.params.email);
    if (!rep) return void res.status(404).json({ error: "not_found", message: `email: no demo mailbox ${req.params.email}` });
    const kind = (req.body as { kind?: unknown } | undefined)?.kind ?? "message";
    if (kind !== "message" && kind !== "meeting") return void res.status(400).json({ error: "invalid_request", message: 'kind: "message" or "meeting"' });
    res.status(201).json(kind === "message" ? activity.deliverMail(rep.email) : activity.bookMeeting(rep.email));
  });
  router.get("/demo/salesforce", (_req, res) => {
    const records = crmActivityRecords(world.salesforce, world.salesforceOrgId, options.keyField);
    res.set("Cache-Control", "no-store").type("html").send(salesforcePage("Contoso Sales", records));
  });
  router.get("/demo/api/salesforce/activities", (_req, res) => {
    res.json(crmActivityRecords(world.salesforce, world.salesforceOrgId, options.keyField));
  });
  router.get("/demo/salesforce.css", (_req, res) => {
    res.type("css").send(salesforceCss);
  });
  router.use("/demo", express.static(demoDistDir, { index: false, maxAge: "1h" }));
  router.use("/demo", (_req, res) => {
    res.status(404).type("text/plain").send("No such demo page.");
  });
  return router;
}
