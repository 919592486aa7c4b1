import type { Migration } from "../migration";

/**
 * One ask for a share of an account's call budget as one statement: the lock, dropping shares that ran out, counting
 * the others' and writing this worker's were six round trips (a transaction of five statements). Workers contending
 * for a tenant's budget ask every quarter second; in a three-worker idle cycle those round trips were about a ninth of
 * the workers' CPU (5 of 45 CPU-seconds). The sharing rules live here alone: BudgetShareRepository.hold only calls it.
 */
export const budgetHoldFunction: Migration = {
  version: 26,
  name: "call budget: one ask in one statement",
  sql: `
    create function call_budget_hold(p_key text, p_worker text, p_limit integer, p_wants integer, p_in_use integer, p_seconds integer)
    returns integer language plpgsql as $$
    declare
      v_held integer;
      v_wanting integer;
      v_fair integer;
      v_granted integer;
    begin
      -- Held until the statement's transaction ends: two workers never both count the same free slot.
      perform pg_advisory_xact_lock(hashtext('call-budget:' || p_key));
      delete from call_budget_shares where budget_key = p_key and until < now();
      select coalesce(sum(slots), 0)::int, count(*) filter (where wants > 0)::int into v_held, v_wanting
        from call_budget_shares where budget_key = p_key and worker <> p_worker;
      v_fair := ceil(p_limit::numeric / greatest(v_wanting + (case when p_wants > 0 then 1 else 0 end), 1));
      v_granted := greatest(0, least(p_wants, v_fair, p_limit - v_held));
      if greatest(v_granted, p_in_use) = 0 and p_wants = 0 then
        delete from call_budget_shares where budget_key = p_key and worker = p_worker;
        return 0;
      end if;
      insert into call_budget_shares (budget_key, worker, slots, wants, until)
        values (p_key, p_worker, greatest(v_granted, p_in_use), p_wants, now() + make_interval(secs => p_seconds))
        on conflict (budget_key, worker) do update set slots = excluded.slots, wants = excluded.wants, until = excluded.until;
      return v_granted;
    end;
    $$;
  `,
};
