import { ActivationService } from "../../server/admin/activationService";
import { SyncQueue } from "../../server/jobs/syncQueue";
import { createLogger } from "../../server/logger";
import type { MailboxSource } from "../../server/mailbox/mailboxSource";
import { ActivationRepository } from "../../server/store/activationRepository";
import { AuditLog } from "../../server/store/auditLog";
import { migrate } from "../../server/store/migrate";
import { MailboxRepository } from "../../server/store/mailboxRepository";
import type { SecretStore } from "../../server/store/secretStore";
import type { ServiceAccountRepository } from "../../server/store/serviceAccountRepository";
import { TenantRepository } from "../../server/store/tenantRepository";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";

jest.setTimeout(120_000);

const tenant = "tenant-activation-queue";

/**
 * Mass activation's lines are pg-boss jobs: two worker processes (two services on one store, each with its own queue
 * client) check the lines of one job side by side, each address exactly once, and the job ends, audited once.
 */
describe.each(storeKinds)("activation lines as queue jobs on %s", (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await migrate(t.db);
  });
  afterAll(() => t.dispose());

  it("two workers share one job's lines: each address is checked once, every line settles, the job ends once", async () => {
    const logger = createLogger("silent");
    const checked: string[] = [];
    // Exchange as a fake that answers every probe after a moment and remembers who was asked.
    const source = (email: string): MailboxSource => ({
      calls: 0,
      async listChanges() {
        checked.push(email);
        await new Promise((r) => setTimeout(r, 20));
        return { changes: [], nextCursor: "c", done: true };
      },
      getItems: () => Promise.resolve([]),
    });
    const services: ActivationService[] = [];
    const queues: SyncQueue[] = [];
    for (let i = 0; i < 2; i++) {
      const queue = await SyncQueue.open(t.db, { expireSeconds: 120, logger });
      queues.push(queue);
      services.push(
        new ActivationService({
          db: t.db,
          activations: new ActivationRepository(t.db),
          mailboxes: new MailboxRepository(t.db),
          secrets: {} as SecretStore,
          serviceAccounts: {} as ServiceAccountRepository,
          tenants: new TenantRepository(t.db),
          openManaged: (target) => Promise.resolve({ ok: true, source: source(target.email) }),
          audit: new AuditLog(t.db),
          logger,
          concurrency: 3,
          probes: queue,
          pollMs: 100,
        }),
      );
    }
    await new MailboxRepository(t.db).ensureTenant(tenant);
    await Promise.all(services.map((s) => s.resume()));
    const rows = Array.from({ length: 20 }, (_, i) => ({ email: `seller${i}@contoso.com` }));
    const started = await services[0]?.start({ tenantId: tenant, actor: "admin@contoso.com" }, { access: { kind: "app_only" }, rows });
    await services[1]?.idle();
    const job = await new ActivationRepository(t.db).view(tenant, started?.id ?? "");
    expect(job?.counts).toMatchObject({ activated: 20, queued: 0 });
    expect(checked.filter((e) => e !== "activation-check@invalid").sort()).toEqual(rows.map((r) => r.email).sort());
    const audit = await t.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'activation.finish'");
    expect(audit[0]?.n).toBe(1);
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all(queues.map((q) => q.close()));
  });
});
