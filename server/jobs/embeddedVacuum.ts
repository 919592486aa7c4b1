import { createTask } from "node-cron";
import type { ScheduledTask } from "node-cron";
import type { Logger } from "../logger";
import type { Database } from "../store/database";

/**
 * The embedded store (PGlite) runs PostgreSQL without its background processes, so autovacuum never runs although
 * it says "on": every finished turn leaves a dead row version in `mailboxes` and the queue's tables (10,000 mailboxes:
 * ~480,000 a day), tables grow without end and the planner never learns their sizes. Once an hour this process, the
 * store's only user, vacuums and analyzes it (a few hundred milliseconds for a team's database; queries wait meanwhile).
 * On PostgreSQL the server's own autovacuum does this, and this job is not started.
 */
export class EmbeddedVacuum {
  private task: ScheduledTask | null = null;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.task || this.db.kind !== "embedded") return;
    this.task = createTask("41 * * * *", () => this.run(), { name: "embedded-vacuum", noOverlap: true });
    void this.task.start();
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
  }

  /** One VACUUM ANALYZE of the whole store; a failure is logged and the next hour tries again. */
  async run(): Promise<void> {
    const started = Date.now();
    try {
      await this.db.exec("vacuum analyze");
      this.logger.info({ ms: Date.now() - started }, "embedded store vacuumed and analyzed");
    } catch (err) {
      this.logger.warn({ err }, "could not vacuum the embedded store; trying again in an hour");
    }
  }
}
