import { Gauge, Registry } from "prom-client";
import type { Logger } from "../logger";
import type { Queryable } from "../store/database";
import { readMailboxGauges } from "../store/mailboxGaugesQuery";
import { processRegistry } from "./instruments";
import type { QueueDepthProbe } from "./queueDepth";

export interface ServerMetricsDeps {
  readonly db: Queryable;
  /** The dispatch layer's queue (see queueDepth.ts). */
  readonly queueDepth: QueueDepthProbe;
  readonly logger: Logger;
}

/**
 * What one server shows at /metrics: the process's counters (instruments.ts) and gauges read when scraped: the
 * mailboxes from the store (one query), the queue from the dispatch layer. The gauges live in a registry of this
 * server's own, so two servers in one process (tests) each show their own store.
 */
export class ServerMetrics {
  private readonly registry = new Registry();
  private readonly mailboxes = new Gauge({
    name: "mailsync_mailboxes",
    help: "Mailboxes by status (pending, active, attention, paused, disconnected) and attention reason (empty when none).",
    labelNames: ["status", "reason"] as const,
    registers: [this.registry],
  });
  private readonly due = new Gauge({
    name: "mailsync_mailboxes_due",
    help: "Active mailboxes whose turn has come and that no worker holds yet.",
    registers: [this.registry],
  });
  private readonly held = new Gauge({
    name: "mailsync_mailboxes_held",
    help: "Mailboxes a worker holds (a run in progress, or the lease of a worker that died, until it expires).",
    registers: [this.registry],
  });
  private readonly lag = new Gauge({
    name: "mailsync_sync_lag_seconds",
    help: "Now minus the turn of the oldest mailbox waiting for its sync (0 when none waits).",
    registers: [this.registry],
  });
  private readonly storeUp = new Gauge({
    name: "mailsync_store_scrape_ok",
    help: "1 when the mailbox gauges could be read from the database at this scrape, 0 when not (they are then left out).",
    registers: [this.registry],
  });
  private readonly queue = new Gauge({
    name: "mailsync_queue_jobs",
    help: "Sync jobs held by this process's dispatch layer, by state (queued, active, failed).",
    labelNames: ["state"] as const,
    registers: [this.registry],
  });

  constructor(private readonly d: ServerMetricsDeps) {}

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The whole exposition text, gauges read now. A database that does not answer leaves its gauges out, not the page. */
  async render(): Promise<string> {
    await Promise.all([this.readStore(), this.readQueue()]);
    return (await processRegistry.metrics()) + (await this.registry.metrics());
  }

  private async readStore(): Promise<void> {
    this.mailboxes.reset();
    this.due.reset();
    this.held.reset();
    this.lag.reset();
    try {
      const g = await readMailboxGauges(this.d.db);
      for (const s of g.byState) this.mailboxes.set({ status: s.status, reason: s.reason ?? "" }, s.count);
      this.due.set(g.due);
      this.held.set(g.held);
      this.lag.set(g.lagSeconds);
      this.storeUp.set(1);
    } catch (err) {
      this.d.logger.warn({ err }, "metrics: could not read the mailbox gauges");
      this.storeUp.set(0);
    }
  }

  private async readQueue(): Promise<void> {
    this.queue.reset();
    try {
      const q = await this.d.queueDepth();
      this.queue.set({ state: "queued" }, q.queued);
      this.queue.set({ state: "active" }, q.active);
      if (q.failed !== undefined) this.queue.set({ state: "failed" }, q.failed);
    } catch (err) {
      this.d.logger.warn({ err }, "metrics: could not read the queue depth");
    }
  }
}
