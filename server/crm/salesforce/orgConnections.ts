/**
 * Each organisation's Salesforce connection for the sync and the sidebar: one jsforce Connection per org whose
 * refresh goes through OrgTokens (locked across processes, rotated tokens saved first), and a sink per use. jobs/ and
 * api/ ask here for a sink and never build a Connection themselves.
 */
import { Connection } from "jsforce";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import type { CrmConnection, CrmConnectionRepository } from "../../store/crmConnectionRepository";
import type { CrmSink } from "../crmSink";
import { CrmOrgUnavailableError } from "../crmSink";
import { blocks, crmProblemTexts, newProblem, problemFromRest } from "../crmProblems";
import type { OrgTokens } from "./orgTokens";
import { SalesforceSink } from "./salesforceSink";

/**
 * How long a process trusts the connection row it read: an idle cycle asks once per mailbox, and a change made by
 * another process (a refresh, a problem, a reconnect) is caught anyway by the 401 and the refresh's own re-read.
 */
const rowTtlMs = 5_000;

interface Cached {
  generation: number;
  readonly conn: Connection;
}

export class OrgConnections {
  private readonly conns = new Map<string, Cached>();
  /** The last refresh failure per org: jsforce rethrows it as text, the sink reports this one instead. */
  private readonly refreshFailures = new Map<string, Error>();
  private readonly rows = new Map<string, { readonly until: number; readonly row: Promise<CrmConnection | null> }>();

  constructor(
    private readonly d: { readonly config: Config; readonly connections: CrmConnectionRepository; readonly tokens: OrgTokens; readonly logger: Logger },
  ) {}

  /**
   * A sink over the organisation's Salesforce; null when none is connected. Throws CrmOrgUnavailableError while the
   * org is disconnected or paused, so no mailbox is blamed for it.
   */
  async sinkFor(tenantId: string): Promise<CrmSink | null> {
    const c = await this.row(tenantId);
    if (!c) {
      this.conns.delete(tenantId);
      return null;
    }
    if (blocks(c.problem, new Date())) {
      const text = crmProblemTexts[c.problem!.reason];
      throw new CrmOrgUnavailableError(`${text.title}: ${c.problem!.detail}`, text.state);
    }
    if (c.problem) {
      // A pause that is over: try again; a limit still used up records a new pause on the first call.
      await this.d.connections.clearProblem(tenantId, c.problem.since);
      this.rows.delete(tenantId);
    }
    let cached = this.conns.get(tenantId);
    if (!cached || cached.generation < c.tokenGeneration) {
      const access = await this.d.tokens.current(tenantId);
      if (!access) return null;
      cached = this.connection(tenantId, access.accessToken, access.instanceUrl, access.generation);
      this.conns.set(tenantId, cached);
    }
    return new SalesforceSink(cached.conn, { keyField: this.d.config.salesforce.activityKeyField, classify: (err) => this.classify(tenantId, err) });
  }

  private row(tenantId: string): Promise<CrmConnection | null> {
    const now = Date.now();
    const cached = this.rows.get(tenantId);
    if (cached && cached.until > now) return cached.row;
    const row = this.d.connections.get(tenantId);
    this.rows.set(tenantId, { until: now + rowTtlMs, row });
    // Only a healthy row is trusted: while the org has a problem, every turn looks again, so recovery shows at once.
    row.then(
      (r) => {
        if (r?.problem) this.rows.delete(tenantId);
      },
      () => this.rows.delete(tenantId),
    );
    return row;
  }

  private connection(tenantId: string, accessToken: string, instanceUrl: string, generation: number): Cached {
    const cached: Cached = {
      generation,
      conn: new Connection({
        instanceUrl,
        accessToken,
        version: this.d.config.salesforce.apiVersion,
        refreshFn: (_conn, callback) => {
          this.d.tokens.refresh(tenantId, cached.generation).then(
            (a) => {
              cached.generation = a.generation;
              this.refreshFailures.delete(tenantId);
              callback(null, a.accessToken);
            },
            (err: Error) => {
              this.refreshFailures.set(tenantId, err);
              callback(err);
            },
          );
        },
      }),
    };
    return cached;
  }

  /** Org-wide failures of a call: the refresh was refused, or the org's API limit is used up (recorded as a pause). */
  private async classify(tenantId: string, err: unknown): Promise<Error | null> {
    const failure = this.refreshFailures.get(tenantId);
    if (failure && err instanceof Error && err.message.startsWith("Unable to refresh session")) {
      this.conns.delete(tenantId);
      this.rows.delete(tenantId);
      return failure;
    }
    const code = (err as { errorCode?: string; name?: string } | null)?.errorCode ?? (err as { name?: string } | null)?.name ?? "";
    const reason = problemFromRest(code);
    if (!reason) return null;
    const message = err instanceof Error ? err.message : String(err);
    await this.d.connections.setProblem(tenantId, newProblem(reason, `${code}: ${message}`, new Date()));
    this.rows.delete(tenantId);
    this.d.logger.warn({ tenantId, reason }, "the organisation's Salesforce is not usable");
    const text = crmProblemTexts[reason];
    return new CrmOrgUnavailableError(`${text.title}: ${code}: ${message}`, text.state);
  }

  /** Forgets the org's connection (disconnect, reconnect). */
  forget(tenantId: string): void {
    this.conns.delete(tenantId);
    this.rows.delete(tenantId);
    this.refreshFailures.delete(tenantId);
  }
}
