import type { Migration } from "../migration";
import { initial } from "./001_initial";
import { secrets } from "./002_secrets";
import { connect } from "./003_connect";
import { sync } from "./004_sync";
import { crmAndPolicy } from "./005_crm_and_policy";
import { admin } from "./006_admin";
import { graph } from "./007_graph";
import { crmConnect } from "./008_crm_connect";
import { onprem } from "./009_onprem";
import { runResyncs } from "./016_run_resyncs";
import { rateLimits } from "./017_rate_limits";
import { callBudgets } from "./018_call_budgets";
import { runRejections } from "./020_run_rejections";
import { activitySeries } from "./025_activity_series";
import { budgetHoldFunction } from "./026_budget_hold_function";

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const migrations: readonly Migration[] = [initial, secrets, connect, sync, crmAndPolicy, admin, graph, crmConnect, onprem, runResyncs, rateLimits, callBudgets, runRejections, activitySeries, budgetHoldFunction];
