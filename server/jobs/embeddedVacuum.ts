import type { Logger } from "../logger";
import type { Database } from "../store/database";
import { CronTask } from "./cronTask";

/**
 * The embedded store (PGlite) runs PostgreSQL without its background processes, so autovacuum never runs although
 * it says "on": every finished turn leaves a dead row version in `mailboxes` and the queue's tables (10,000 mailboxes:
 * ~480,000 a day), tables grow without end and the planner never learns their sizes. Once an hour this process, the
 * store's only user, vacuums and analyzes it (a few hundred milliseconds for a team's database; queries wait meanwhile).
 * On PostgreSQL the server's own autovacuum does this, and this job is not started.
 */
export class EmbeddedVacuum {
  private readonly cron = new CronTask("41 * * * *", "embedded-vacuum", () => this.run());

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.db.kind === "embedded") this.cron.start();
  }

  stop(): Promise<void> {
    return this.cron.stop();
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
