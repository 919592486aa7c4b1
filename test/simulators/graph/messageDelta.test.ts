/**
 * Mail over Graph as a sync client sees it: a first delta round lists exactly the folder's messages page by page, later
 * rounds carry only what changed (new, updated, deleted as @removed), ids are stable under IdType="ImmutableId", and
 * Outlook's sensitivity is readable through PidTagSensitivity only with Mail.Read.
 */
import { deltaRound, graphCall, liveItems, removedIds } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, BOB, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;
const SENSITIVITY = "$expand=singleValueExtendedProperties($filter=id eq 'Integer 0x0036')";
const IMMUTABLE = { prefer: 'IdType="ImmutableId", odata.maxpagesize=7' };

beforeAll(async () => {
  w = await startGraphTestWorld({ messages: 40 });
});
afterAll(async () => {
  await w?.close();
});

const inboxDelta = (who: string, query = "") => `${w.graphUrl}/users/${who}/mailFolders/inbox/messages/delta${query ? `?${query}` : ""}`;

test("a first round pages through exactly the Inbox's messages and ends with a deltaLink", async () => {
  const round = await deltaRound(inboxDelta(ALICE, "$select=subject,internetMessageId,from,receivedDateTime"), w.app, { prefer: "odata.maxpagesize=7" });
  const truth = w.sim.control.listItems(ALICE, "inbox");
  expect(round.items.map((i) => i.internetMessageId).sort()).toEqual(truth.map((t) => t.internetMessageId).sort());
  expect(round.pages.length).toBe(Math.ceil(truth.length / 7));
  for (const page of round.pages.slice(0, -1)) {
    expect((page.value as unknown[]).length).toBeLessThanOrEqual(7);
    expect(page["@odata.nextLink"]).toMatch(/\$skiptoken=/);
    expect(page).not.toHaveProperty("@odata.deltaLink");
  }
  expect(round.deltaLink).toMatch(/\$deltatoken=/);
  // $select keeps to the named properties (plus id and the OData annotations).
  expect(Object.keys(round.items[0] as object).sort()).toEqual(["@odata.etag", "@odata.type", "from", "id", "internetMessageId", "receivedDateTime", "subject"]);
});

test("the next round carries only new, changed and deleted messages", async () => {
  const first = await deltaRound(inboxDelta(BOB, "$select=subject,isRead"), w.app, IMMUTABLE);
  const quiet = await deltaRound(first.deltaLink, w.app, IMMUTABLE);
  expect(quiet.items).toEqual([]);

  const [victim, reread] = liveItems(first.items);
  const truth = w.sim.control.listItems(BOB, "inbox");
  const victimTruth = truth.find((t) => t.subject === victim?.subject) as { id: string };
  const rereadTruth = truth.find((t) => t.subject === reread?.subject && t.id !== victimTruth.id) as { id: string; isRead: boolean };
  w.sim.control.deleteItem(BOB, victimTruth.id);
  w.sim.control.updateItem(BOB, rereadTruth.id, { isRead: !rereadTruth.isRead });
  const delivered = w.sim.control.deliverMail(BOB, { from: { name: "Bea Buyer", email: "buyer@fabrikam.com" }, subject: "Quote for 40 seats" });

  const next = await deltaRound(quiet.deltaLink, w.app, IMMUTABLE);
  expect(removedIds(next.items)).toEqual([victim?.id]);
  expect(next.items.find((i) => i.id === victim?.id)).toEqual({ "@odata.type": "#microsoft.graph.message", id: victim?.id, "@removed": { reason: "deleted" } });
  const live = liveItems(next.items);
  expect(live.map((i) => i.subject).sort()).toEqual(["Quote for 40 seats", reread?.subject].sort());
  expect(live.find((i) => i.id === reread?.id)?.isRead).toBe(!rereadTruth.isRead);
  expect(delivered.folder).toBe("inbox");
});

test("immutable ids survive a move to Deleted Items; default ids do not", async () => {
  const msg = w.sim.control.deliverMail(ALICE, { from: { name: "Otto", email: "ops@tailspin.com" }, subject: "Moving soon" });
  const round = await deltaRound(inboxDelta(ALICE, "$select=subject"), w.app, IMMUTABLE);
  const immutableId = round.items.find((i) => i.subject === "Moving soon")?.id as string;
  const restRound = await deltaRound(inboxDelta(ALICE, "$select=subject"), w.app, { prefer: "odata.maxpagesize=50" });
  const restId = restRound.items.find((i) => i.subject === "Moving soon")?.id as string;
  expect(immutableId).not.toBe(restId);

  w.sim.control.deleteItem(ALICE, msg.id);
  const byImmutable = await graphCall(`${w.graphUrl}/users/${ALICE}/messages/${immutableId}?$select=subject,parentFolderId`, w.app, { headers: { prefer: 'IdType="ImmutableId"' } });
  expect(byImmutable.status).toBe(200);
  expect(byImmutable.json?.subject).toBe("Moving soon");
  expect(byImmutable.json?.id).toBe(immutableId);
  const byOldRestId = await graphCall(`${w.graphUrl}/users/${ALICE}/messages/${restId}`, w.app);
  expect(byOldRestId.status).toBe(404);
  expect((byOldRestId.json?.error as { code: string }).code).toBe("ErrorItemNotFound");
});

test("PidTagSensitivity comes back for Mail.Read and is left out for Mail.ReadBasic", async () => {
  w.sim.control.deliverMail(ALICE, { from: { name: "Doc", email: "doctor@clinic.example" }, subject: "Your results", sensitivity: "Private" });
  const full = await deltaRound(inboxDelta(ALICE, `$select=subject,body&${SENSITIVITY}`), w.alice, { prefer: "odata.maxpagesize=100" });
  const privateOne = full.items.find((i) => i.subject === "Your results");
  expect(privateOne?.singleValueExtendedProperties).toEqual([{ id: "Integer 0x36", value: "2" }]);
  expect(privateOne?.body).toBeDefined();
  const normal = full.items.find((i) => i.subject !== "Your results" && (i.singleValueExtendedProperties as { value: string }[])[0]?.value === "0");
  expect(normal).toBeDefined();

  const basicToken = await w.delegated(ALICE, "Mail.ReadBasic");
  const basic = await deltaRound(inboxDelta(ALICE, `$select=subject,body&${SENSITIVITY}`), basicToken, { prefer: "odata.maxpagesize=100" });
  const basicOne = basic.items.find((i) => i.subject === "Your results");
  expect(basicOne).toBeDefined();
  expect(basicOne).not.toHaveProperty("singleValueExtendedProperties");
  expect(basicOne).not.toHaveProperty("body");
});

test("bad query options are refused with a 400 naming them", async () => {
  const select = await graphCall(inboxDelta(ALICE, "$select=subject,sensitivity"), w.app);
  expect(select.status).toBe(400);
  expect((select.json?.error as { message: string }).message).toMatch(/'sensitivity'/);
  const expand = await graphCall(inboxDelta(ALICE, "$expand=attachments"), w.app);
  expect(expand.status).toBe(400);
  const forged = await graphCall(inboxDelta(ALICE, "$skiptoken=bm90LWEtdG9rZW4"), w.app);
  expect(forged.status).toBe(400);
  const wrongFolder = await graphCall(`${w.graphUrl}/users/${ALICE}/mailFolders/calendar/messages/delta`, w.app);
  expect(wrongFolder.status).toBe(404);
});

test("a deltaLink can be presented again, but edited by one character or sent for another mailbox it is refused", async () => {
  const first = await deltaRound(inboxDelta(ALICE, "$select=subject"), w.app);
  const again = await deltaRound(first.deltaLink, w.app);
  expect(again.items).toEqual([]);
  const token = new URL(again.deltaLink).searchParams.get("$deltatoken") as string;
  // One character inside the signed text swapped: still base64url, no longer what the simulator signed.
  const edited = `${token.slice(0, 40)}${token[40] === "A" ? "B" : "A"}${token.slice(41)}`;
  expect((await graphCall(inboxDelta(ALICE, `$deltatoken=${edited}`), w.app)).status).toBe(400);
  expect((await graphCall(inboxDelta(BOB, `$deltatoken=${token}`), w.app)).status).toBe(400);
  expect((await graphCall(inboxDelta(ALICE, `$deltatoken=${token}`), w.app)).status).toBe(200);
});

test("sent items and folders addressed by id or name, /me for delegated callers", async () => {
  const folder = await graphCall(`${w.graphUrl}/me/mailFolders/SentItems`, w.alice);
  expect(folder.status).toBe(200);
  expect(folder.json?.displayName).toBe("Sent Items");
  const byId = await deltaRound(`${w.graphUrl}/me/mailFolders/${folder.json?.id as string}/messages/delta?$select=internetMessageId`, w.alice, { prefer: "odata.maxpagesize=50" });
  expect(byId.items.map((i) => i.internetMessageId).sort()).toEqual(w.sim.control.listItems(ALICE, "sentitems").map((t) => t.internetMessageId).sort());
  expect(byId.deltaLink.startsWith(`${w.graphUrl}/me/`)).toBe(true);
});
