/**
 * On-premises Exchange through an impersonation service account, end to end through the console API: the account is
 * checked (Autodiscover, credentials, ApplicationImpersonation) before it is saved, its password is stored sealed,
 * mass activation probes each mailbox with it, and the activated mailboxes sync with NTLM + impersonation.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActivationJobView, ServiceAccountView } from "../../server/api/consoleContract";
import type { ExchangeSimulator } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import { listen } from "../simulators/shared/listen";
import { portNobodyListensOn } from "../support/ports";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const CAROL = "carol@contoso.com";

describe("on-premises Exchange with an impersonation service account", () => {
  let w: SyncWorld;
  let onprem: ExchangeSimulator;
  let admin: string;

  const post = async <T>(path: string, body: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${w.url}/api${path}`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const host = () => new URL(onprem.url).host;

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 5, eventsPerMailbox: 1 });
    onprem = await startExchangeSimulator({ mode: "onprem" });
    const c = onprem.control;
    c.createMailbox({ smtp: ALICE, displayName: "Alice Archer", account: { domain: "CONTOSO", username: "alice", password: "Alice#1" } });
    c.createMailbox({ smtp: BOB, displayName: "Bob Baker", account: { domain: "CONTOSO", username: "bob", password: "Bob#1" } });
    c.createMailbox({ smtp: CAROL, displayName: "Carol Cole", account: { domain: "CONTOSO", username: "carol", password: "Carol#1" } });
    c.seedMailbox(ALICE, {
      seed: 21,
      messages: 40,
      events: 4,
      colleagues: [{ name: "Bob", email: BOB }],
      externals: [...w.world.customers.contacts, "someone@gmail.com"].map((email) => ({ name: email.split("@")[0] ?? email, email })),
      customerRatio: 0.5,
      spanDays: 20,
    });
    c.addAccount({ domain: "CONTOSO", username: "svc-sync", password: "Svc#1", org: "contoso.com", impersonation: { mailboxes: [ALICE, CAROL] } });
    c.addAccount({ domain: "CONTOSO", username: "svc-plain", password: "Svc#3", org: "contoso.com" });
    admin = await apiToken(w.world, w.world.users.megan, w.url);
  });
  afterAll(async () => {
    await w?.dispose();
    await onprem?.close();
  });
  // A fault a test before left unused (its test may have stopped early) must not answer this test's calls.
  beforeEach(() => onprem.control.clearFaults());

  /** Contoso's service account, saved once by whichever test needs it first: each test passes alone and shuffled. */
  let contosoAccount: Promise<string> | null = null;
  const ensureContosoAccount = () =>
    (contosoAccount ??= post<ServiceAccountView>("/console/service-accounts", { name: "Contoso Exchange", username: "CONTOSO\\svc-sync", password: "Svc#1", ewsUrl: onprem.ewsUrl, testMailbox: ALICE }).then((r) => {
      if (r.status !== 201) throw new Error(`could not save the service account: ${JSON.stringify(r.body)}`);
      return r.body.id;
    }));
  const accountNames = async () => (await w.ts.server.services.serviceAccounts.list(w.world.contoso.tenantId)).map((a) => a.name).sort();
  const activate = async (accountId: string, csv: string) => {
    const started = await post<ActivationJobView>("/console/activations", { access: { kind: "onprem_service_account", serviceAccountId: accountId }, csv });
    expect(started.status).toBe(202);
    await w.ts.server.services.activations.idle();
    return (await (await fetch(`${w.url}/api/console/activations/${started.body.id}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as ActivationJobView;
  };

  it("refuses a wrong password and an account without ApplicationImpersonation, saying what to fix", async () => {
    const namesBefore = await accountNames();
    const wrong = await post<{ message: string }>("/console/service-accounts", { name: "Sync", username: "CONTOSO\\svc-sync", password: "nope", ewsUrl: onprem.ewsUrl, testMailbox: ALICE });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/refused the username or password/);
    const plain = await post<{ message: string }>("/console/service-accounts", { name: "Plain", username: "CONTOSO\\svc-plain", password: "Svc#3", ewsUrl: onprem.ewsUrl, testMailbox: ALICE });
    expect(plain.status).toBe(400);
    expect(plain.body.message).toMatch(/ApplicationImpersonation/);
    const badName = await post<{ message: string }>("/console/service-accounts", { name: "Bad", username: "svc sync", password: "x", testMailbox: ALICE });
    expect(badName.status).toBe(400);
    expect(badName.body.message).toMatch(/DOMAIN\\username/);
    expect(await accountNames()).toEqual(namesBefore);
  });

  it("holds the servers an admin names to the network rule: https only, no private networks, one text for closed and not-Exchange", async () => {
    const namesBefore = await accountNames();
    const account = { name: "Probe", username: "CONTOSO\\svc-sync", password: "Svc#1", testMailbox: ALICE };
    // Plain HTTP: refused before anything is sent, so the password never crosses the wire in clear text.
    let plainRequests = 0;
    const plain = await listen(
      (_req: IncomingMessage, res: ServerResponse) => {
        plainRequests += 1;
        res.end();
      },
      { protocol: "http" },
    );
    const notExchange = await listen((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>It works!</body></html>");
    });
    try {
      const http = await post<{ field: string; message: string }>("/console/service-accounts", { ...account, ewsUrl: `${plain.url}/EWS/Exchange.asmx` });
      expect(http.status).toBe(400);
      expect(http.body).toMatchObject({ field: "ewsUrl", message: expect.stringMatching(/^ewsUrl: must be an https:\/\/ URL/) });
      expect(plainRequests).toBe(0);

      // Private and link-local networks the operator did not list (the test world opens loopback only).
      const privateNet = await post<{ field: string; message: string }>("/console/service-accounts", { ...account, ewsUrl: "https://10.1.2.3/EWS/Exchange.asmx" });
      expect(privateNet.status).toBe(400);
      expect(privateNet.body).toMatchObject({ field: "ewsUrl", message: expect.stringMatching(/ALLOWED_PRIVATE_NETWORKS/) });
      const metadata = await post<{ field: string; message: string }>("/console/service-accounts", { ...account, autodiscoverHost: "169.254.169.254" });
      expect(metadata.status).toBe(400);
      expect(metadata.body).toMatchObject({ field: "autodiscoverHost", message: expect.stringMatching(/ALLOWED_PRIVATE_NETWORKS/) });

      // A closed port and a web server that is not Exchange read the same, so the form cannot map a network.
      const closedUrl = `https://localhost:${await portNobodyListensOn()}/EWS/Exchange.asmx`;
      const openUrl = `${notExchange.url}/EWS/Exchange.asmx`;
      const closedPort = await post<{ message: string }>("/console/service-accounts", { ...account, ewsUrl: closedUrl });
      const openPort = await post<{ message: string }>("/console/service-accounts", { ...account, ewsUrl: openUrl });
      expect([closedPort.status, openPort.status]).toEqual([400, 400]);
      expect(closedPort.body.message.replace(closedUrl, "URL")).toBe(openPort.body.message.replace(openUrl, "URL"));
      expect(await accountNames()).toEqual(namesBefore);
    } finally {
      await plain.close();
      await notExchange.close();
    }
  });

  it("finds the EWS URL by Autodiscover, checks the account, and stores its password sealed", async () => {
    const created = await post<ServiceAccountView>("/console/service-accounts", { name: "Exchange 2019", username: "CONTOSO\\svc-sync", password: "Svc#1", autodiscoverHost: host(), testMailbox: ALICE });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Exchange 2019", ewsUrl: onprem.ewsUrl, username: "CONTOSO\\svc-sync", authMethod: "ntlm" });
    const sealed = await w.ts.server.services.db.query<{ sealed: string }>("select sealed from secrets where owner_kind = 'service_account' and owner_id = $1", [created.body.id]);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]?.sealed).not.toContain("Svc#1");
    const again = await post<{ message: string }>("/console/service-accounts", { name: "Exchange 2019", username: "CONTOSO\\svc-sync", password: "Svc#1", ewsUrl: onprem.ewsUrl, testMailbox: ALICE });
    expect(again.status).toBe(409);
  });

  it("the first service account of an organisation the server has not seen yet is saved (its tenant row is made)", async () => {
    const { entra, app, users, fabrikam } = w.world;
    entra.control.assignAppRole({ user: users.fabrikamAdmin.objectId, resource: app.clientId, role: "Sync.Admin" });
    const fabrikamAdmin = await apiToken(w.world, users.fabrikamAdmin, w.url);
    expect(await w.ts.server.services.tenants.get(fabrikam.tenantId)).toBeNull();
    const res = await fetch(`${w.url}/api/console/service-accounts`, {
      method: "POST",
      headers: { authorization: `Bearer ${fabrikamAdmin}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Fabrikam Exchange", username: "CONTOSO\\svc-sync", password: "Svc#1", ewsUrl: onprem.ewsUrl, testMailbox: ALICE }),
    });
    expect(res.status).toBe(201);
    expect(await w.ts.server.services.tenants.get(fabrikam.tenantId)).not.toBeNull();
    expect((await w.ts.server.services.serviceAccounts.list(fabrikam.tenantId)).map((a) => a.name)).toEqual(["Fabrikam Exchange"]);
  });

  it("activates what the account may impersonate; denied and missing mailboxes are reported per row; the mailbox syncs", async () => {
    const account = { id: await ensureContosoAccount() };
    const job = await activate(account.id, `email,display_name\n${ALICE},Alice\n${BOB},Bob\nghost@contoso.com,Ghost\n`);
    expect(job.counts).toMatchObject({ activated: 1, impersonation_denied: 1, mailbox_not_found: 1 });
    expect(job.problems.map((p) => [p.line, p.email, p.outcome])).toEqual([
      [3, BOB, "impersonation_denied"],
      [4, "ghost@contoso.com", "mailbox_not_found"],
    ]);

    const alice = await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, ALICE);
    expect(alice).toMatchObject({ access: "onprem_service_account", serviceAccountId: account?.id, state: { status: "active" } });
    const run = await w.ts.server.services.runner.run(alice?.id ?? "", "schedule");
    expect(run.outcome).toBe("ok");
    expect(run.stats.itemsSeen).toBe(onprem.control.listItems(ALICE).filter((i) => ["inbox", "sentitems", "calendar"].includes(i.folder)).length);
    expect(run.stats.logged).toBeGreaterThan(0);
  });

  it("a service account whose password was changed in AD: its mailboxes ask the admin to fix the account", async () => {
    const account = { id: await ensureContosoAccount() };
    expect((await activate(account.id, `email,display_name\n${CAROL},Carol\n`)).counts).toMatchObject({ activated: 1 });
    const carol = await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, CAROL);
    // The account's password changed in AD: Exchange answers 401 to the stored one.
    onprem.control.injectFault({ fault: { kind: "http", status: 401 }, mailbox: CAROL, count: 1 });
    const run = await w.ts.server.services.runner.run(carol?.id ?? "", "schedule");
    expect(run.verdict).toMatchObject({ kind: "attention", reason: "service_account_rejected" });

    // The admin types the new password: checked first (a wrong one changes nothing), then the mailbox syncs again.
    const wrong = await post<{ message: string }>(`/console/service-accounts/${account?.id}/password`, { password: "still-wrong", testMailbox: ALICE });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/refused the username or password/);
    const fixed = await post<{ resumed: number; message: string }>(`/console/service-accounts/${account?.id}/password`, { password: "Svc#1", testMailbox: ALICE });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ resumed: 1, message: "The new password works. 1 mailbox waiting for it syncs again." });
    expect((await w.ts.server.services.runner.run(carol?.id ?? "", "schedule")).outcome).toBe("ok");
  });
});
