import type { ActivationAccess, ActivationJobView, ActivationRowOutcome, ActivationRowView } from "../api/consoleContract";
import { activationRowOutcomes } from "../api/consoleContract";
import type { InputRow } from "../admin/activationInput";
import { isUuid } from "../domain/ids";
import type { Database, Queryable } from "./database";

export interface ActivationJob {
  readonly id: string;
  readonly tenantId: string;
  readonly access: ActivationAccess;
  readonly createdBy: string;
  readonly finished: boolean;
}

export interface QueuedRow {
  readonly line: number;
  readonly email: string;
  readonly displayName: string | null;
}

interface JobRow {
  id: string;
  tenant_id: string;
  access: "app_only" | "onprem_service_account";
  service_account_id: string | null;
  file_name: string | null;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

type JobWithCounts = JobRow & { total: number; counts: Record<string, number> | null };

/** A job with how many lines it has and how many ended each way. */
const withCounts = `select j.*, (select count(*)::int from activation_rows r where r.job_id = j.id) as total,
    (select jsonb_object_agg(outcome, n) from (select outcome, count(*)::int as n from activation_rows r where r.job_id = j.id group by outcome) c) as counts
  from activation_jobs j`;

const accessOf = (r: JobRow): ActivationAccess =>
  r.access === "onprem_service_account" && r.service_account_id ? { kind: "onprem_service_account", serviceAccountId: r.service_account_id } : { kind: "app_only" };

const toJob = (r: JobRow): ActivationJob => ({ id: r.id, tenantId: r.tenant_id, access: accessOf(r), createdBy: r.created_by, finished: r.finished_at !== null });

/** Mass-activation jobs: every input line is stored first, so progress and results survive a restart. */
export class ActivationRepository {
  constructor(private readonly db: Database) {}

  async create(j: { tenantId: string; access: ActivationAccess; fileName: string | null; createdBy: string; rows: readonly InputRow[] }): Promise<ActivationJob> {
    return this.db.transaction(async (tx) => {
      const jobs = await tx.query<JobRow>(
        "insert into activation_jobs (tenant_id, access, service_account_id, file_name, created_by) values ($1, $2, $3, $4, $5) returning *",
        [j.tenantId, j.access.kind, j.access.kind === "onprem_service_account" ? j.access.serviceAccountId : null, j.fileName, j.createdBy],
      );
      const job = jobs[0] as JobRow;
      // One statement per thousand rows: a 10,000-line file is ten round trips, not ten thousand.
      for (let i = 0; i < j.rows.length; i += 1000) {
        const chunk = j.rows.slice(i, i + 1000);
        await tx.query(
          `insert into activation_rows (job_id, line, email, display_name, outcome, message)
           select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [
            job.id,
            chunk.map((r) => r.line),
            chunk.map((r) => r.email),
            chunk.map((r) => r.displayName),
            chunk.map((r) => (r.problem ? "invalid" : "queued")),
            chunk.map((r) => r.problem),
          ],
        );
      }
      return toJob(job);
    });
  }

  async job(tenantId: string, id: string): Promise<ActivationJob | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<JobRow>("select * from activation_jobs where tenant_id = $1 and id = $2", [tenantId, id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** A job by id alone: a worker taking one of its lines from the queue knows no tenant. */
  async byId(id: string): Promise<ActivationJob | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<JobRow>("select * from activation_jobs where id = $1", [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** One line, if it still waits for its check (null once settled, whoever settled it). */
  async queuedLine(jobId: string, line: number): Promise<QueuedRow | null> {
    const rows = await this.db.query<{ line: number; email: string; display_name: string | null }>(
      "select line, email, display_name from activation_rows where job_id = $1 and line = $2 and outcome = 'queued'",
      [jobId, line],
    );
    const r = rows[0];
    return r ? { line: r.line, email: r.email, displayName: r.display_name } : null;
  }

  /** Jobs a stopped process left unfinished, to carry on with. */
  async unfinished(): Promise<ActivationJob[]> {
    const rows = await this.db.query<JobRow>("select * from activation_jobs where finished_at is null order by created_at");
    return rows.map(toJob);
  }

  async queued(jobId: string, limit: number): Promise<QueuedRow[]> {
    const rows = await this.db.query<{ line: number; email: string; display_name: string | null }>(
      "select line, email, display_name from activation_rows where job_id = $1 and outcome = 'queued' order by line limit $2",
      [jobId, limit],
    );
    return rows.map((r) => ({ line: r.line, email: r.email, displayName: r.display_name }));
  }

  /** Records a line's result once: a second worker finishing the same line after a restart changes nothing. */
  async settle(jobId: string, line: number, outcome: Exclude<ActivationRowOutcome, "queued" | "invalid">, message: string | null, mailboxId: string | null, tx: Queryable = this.db): Promise<void> {
    await tx.query("update activation_rows set outcome = $3, message = $4, mailbox_id = $5 where job_id = $1 and line = $2 and outcome = 'queued'", [
      jobId,
      line,
      outcome,
      message,
      mailboxId,
    ]);
  }

  /**
   * Marks the job finished once no line waits; true only for the caller that finished it (several workers may end
   * lines of the same job at the same moment: one of them records the end).
   */
  async finishIfDone(jobId: string): Promise<boolean> {
    const rows = await this.db.query(
      `update activation_jobs set finished_at = now() where id = $1 and finished_at is null
         and not exists (select 1 from activation_rows r where r.job_id = $1 and r.outcome = 'queued') returning id`,
      [jobId],
    );
    return rows.length > 0;
  }

  async view(tenantId: string, id: string): Promise<ActivationJobView | null> {
    if (!isUuid(id)) return null;
    const jobs = await this.db.query<JobWithCounts>(`${withCounts} where j.tenant_id = $1 and j.id = $2`, [tenantId, id]);
    const j = jobs[0];
    if (!j) return null;
    const problems = await this.db.query<{ line: number; email: string; outcome: ActivationRowOutcome; message: string | null; mailbox_id: string | null }>(
      `select line, email, outcome, message, mailbox_id from activation_rows
       where job_id = $1 and outcome not in ('queued', 'activated', 'already_active') order by line limit 1000`,
      [id],
    );
    return toView(j, problems.map(toRowView));
  }

  async list(tenantId: string, limit = 20): Promise<ActivationJobView[]> {
    const jobs = await this.db.query<JobWithCounts>(`${withCounts} where j.tenant_id = $1 order by j.created_at desc limit $2`, [tenantId, limit]);
    return jobs.map((j) => toView(j, []));
  }
}

function toRowView(r: { line: number; email: string; outcome: ActivationRowOutcome; message: string | null; mailbox_id: string | null }): ActivationRowView {
  return { line: r.line, email: r.email, outcome: r.outcome, message: r.message, mailboxId: r.mailbox_id };
}

function toView(j: JobWithCounts, problems: ActivationRowView[]): ActivationJobView {
  const counts = Object.fromEntries(activationRowOutcomes.map((o) => [o, j.counts?.[o] ?? 0])) as Record<ActivationRowOutcome, number>;
  return {
    id: j.id,
    status: j.finished_at ? "done" : "running",
    access: accessOf(j),
    fileName: j.file_name,
    createdBy: j.created_by,
    createdAt: j.created_at.toISOString(),
    finishedAt: j.finished_at?.toISOString() ?? null,
    total: j.total,
    done: j.total - counts.queued,
    counts,
    problems,
  };
}
