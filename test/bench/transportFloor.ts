import type { FolderKind } from "../../server/mailbox/items";
import { ScheduleRepository } from "../../server/store/scheduleRepository";
import type { BenchWorld } from "./benchWorld";

/** What the same calls cost with nothing else around them. */
export interface TransportFloor {
  readonly seconds: number;
  readonly calls: number;
  readonly serverCpuSeconds: number;
  readonly simulatorCpuSeconds: number;
}

/**
 * The idle cycle's calls to Exchange and nothing else: every active mailbox's source opened as a run opens it (its
 * token, its tenant's call budget), and asked what an idle run asks (the prefetched first pages, then each folder),
 * `concurrency` mailboxes at once, with no queue, no lease, no run record and no CRM. The shortest the cycle could be
 * on this machine, with this HTTP stack and these simulators: how much of a cycle's time is the sync engine's own.
 * The mailboxes are claimed (to read them and their cursors as a run does) and stay claimed: run it last.
 */
export async function transportFloor(w: BenchWorld, concurrency: number): Promise<TransportFloor> {
  const s = w.server.services;
  await s.db.query("update mailboxes set next_sync_at = now() where status = 'active'");
  const ids = (await s.db.query<{ id: string }>("select id from mailboxes where status = 'active'")).map((r) => r.id);
  const claims = await new ScheduleRepository(s.db).claimListed("bench-transport-floor", 3600, ids);
  const simBefore = await w.simulators.cpu();
  const cpuBefore = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let next = 0;
  let calls = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let claim = claims[next++]; claim; claim = claims[next++]) {
        const opened = await s.environment.openSource(claim.mailbox);
        if (!opened.ok) throw new Error(`${claim.mailbox.email}: ${opened.failure.detail}`);
        const source = opened.source;
        const folders = claim.mailbox.folders as FolderKind[];
        const cursorOf = (f: FolderKind) => claim.cursors.get(f)?.cursor ?? null;
        await source.prefetch?.(folders.map((folder) => ({ folder, cursor: cursorOf(folder) })), 512);
        for (const folder of folders) await source.listChanges(folder, cursorOf(folder), 512);
        calls += source.calls;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const simAfter = await w.simulators.cpu();
  return { seconds, calls, serverCpuSeconds: (cpu.user + cpu.system) / 1e6, simulatorCpuSeconds: simAfter.cpuSeconds - simBefore.cpuSeconds };
}
