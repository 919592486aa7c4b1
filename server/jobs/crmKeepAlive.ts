import { createTask } from "node-cron";
import type { ScheduledTask } from "node-cron";
import type { OrgTokens } from "../crm/salesforce/orgTokens";
import type { Logger } from "../logger";
import type { CrmConnectionRepository } from "../store/crmConnectionRepository";

/**
 * Salesforce expires a refresh token unused for 30 days (the idle TTL partners must set). An organisation whose
 * mailboxes are all paused still keeps its connection: once a day, every org not refreshed for a week is refreshed.
 */
export const idleRefreshAfterMs = 7 * 86_400_000;

export class CrmKeepAlive {
  private task: ScheduledTask | null = null;

  constructor(
    private readonly connections: CrmConnectionRepository,
    private readonly tokens: OrgTokens,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.task) return;
    this.task = createTask("17 3 * * *", () => this.refreshIdle(), { name: "crm-keep-alive", noOverlap: true });
    void this.task.start();
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
  }

  /** Refreshes every idle org once (the per-org lock makes concurrent processes harmless). Returns how many. */
  async refreshIdle(now: Date = new Date()): Promise<number> {
    let n = 0;
    for (const tenantId of await this.connections.idleSince(new Date(now.getTime() - idleRefreshAfterMs))) {
      const c = await this.connections.get(tenantId);
      if (!c) continue;
      try {
        await this.tokens.refresh(tenantId, c.tokenGeneration);
        n++;
      } catch (err) {
        this.logger.warn({ tenantId, err: (err as Error).message }, "idle CRM connection could not be refreshed");
      }
    }
    return n;
  }
}
