import type { OrgTokens } from "../crm/salesforce/orgTokens";
import type { Logger } from "../logger";
import type { CrmConnectionRepository } from "../store/crmConnectionRepository";
import { CronTask } from "./cronTask";

/**
 * Salesforce expires a refresh token unused for 30 days (the idle TTL partners must set). An organisation whose
 * mailboxes are all paused still keeps its connection: once a day, every org not refreshed for a week is refreshed.
 */
export const idleRefreshAfterMs = 7 * 86_400_000;

export class CrmKeepAlive {
  private readonly cron = new CronTask("17 3 * * *", "crm-keep-alive", () => this.refreshIdle());

  constructor(
    private readonly connections: CrmConnectionRepository,
    private readonly tokens: OrgTokens,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.cron.start();
  }

  stop(): Promise<void> {
    return this.cron.stop();
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
