/**
 * `query` and `queryAll` (which also returns deleted records): run SOQL, answer the first batch, and serve the rest
 * through `nextRecordsUrl` locators. The batch size is 2000 unless `Sforce-Query-Options: batchSize=n` (200–2000) asks
 * for smaller batches.
 */
import { ApiError } from "../errors";
import { runQuery } from "../soql/evaluate";
import { parseSoql } from "../soql/parse";
import { planQuery } from "../soql/resolve";
import type { ApiContext, ApiReply, ApiRequest } from "./context";

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

function batchSize(req: ApiRequest): number {
  const header = req.header("sforce-query-options");
  const m = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}

export function query(ctx: ApiContext, req: ApiRequest): ApiReply {
  const includeDeleted = req.segments[0] === "queryAll";
  const soql = req.query.q;
  if (soql === undefined || soql.trim() === "") throw ApiError.of(400, "MALFORMED_QUERY", "unexpected token: <EOF>");
  const plan = planQuery(ctx.org.schema, soql, parseSoql(soql), ctx.state.clock.now());
  const rows = runQuery(ctx.org, plan, ctx.version, includeDeleted);
  return { status: 200, body: ctx.state.cursors.first(ctx.org.id, rows.records, rows.totalSize, batchSize(req), ctx.version) };
}

export function queryMore(ctx: ApiContext, req: ApiRequest): ApiReply {
  return { status: 200, body: ctx.state.cursors.next(ctx.org.id, req.segments[1]!, batchSize(req), ctx.version) };
}
