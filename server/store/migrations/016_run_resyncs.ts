import type { Migration } from "../migration";

/**
 * Honest run counts: items a run read again whose activity the mailbox had logged already (a folder resynced from the
 * start) are counted apart from what it logged, and each resync is recorded with its folder and reason, for the run
 * history. Numbered 16, well above 9, so that migrations added on other branches at the same time do not clash.
 */
export const runResyncs: Migration = {
  version: 16,
  name: "run history: already-logged count and resyncs with their reasons",
  sql: `
    alter table sync_runs add column already_logged integer not null default 0;
    alter table sync_runs add column resyncs jsonb not null default '[]'::jsonb;
  `,
};
