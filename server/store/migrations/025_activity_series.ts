import type { Migration } from "../migration";

/**
 * A meeting logged per occurrence (Graph lists each occurrence of a recurring series) remembers the series it belongs
 * to, so that after a move back to EWS, which lists the series once, the series is not logged beside its occurrences.
 * Numbered 25: other branches add migrations at the same time.
 */
export const activitySeries: Migration = {
  version: 25,
  name: "activities: the recurring series an occurrence belongs to",
  sql: `
    alter table crm_activities add column series_key text;
    create index crm_activities_series on crm_activities (tenant_id, series_key) where series_key is not null;
  `,
};
