import type { Migration } from "../migration";

/**
 * Shares of an Exchange or Graph account's concurrent-call budget held by each worker process: the budget (e.g. 10
 * EWS calls for a tenant's app-only account) holds across the fleet, not per process. A share lasts until `until`
 * unless renewed, so a dead worker's share frees itself within seconds.
 */
export const callBudgets: Migration = {
  version: 18,
  name: "fleet-wide call budget shares",
  sql: `
    create table call_budget_shares (
      budget_key text not null,
      worker text not null,
      slots integer not null check (slots >= 0),
      wants integer not null check (wants >= 0),
      until timestamptz not null,
      primary key (budget_key, worker)
    );
  `,
};
