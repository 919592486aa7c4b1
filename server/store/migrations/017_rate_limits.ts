import type { Migration } from "../migration";

/**
 * Rate-limit counts shared by every web process on PostgreSQL (one row per limit and client, its window's end), so
 * several processes together allow what one would. Numbered 17, well above 9, to keep clear of other branches' numbers.
 */
export const rateLimits: Migration = {
  version: 17,
  name: "rate-limit counts shared by web processes",
  sql: `
    create table rate_limit_hits (
      key text primary key,                        -- limit name and client (address, user or organisation)
      hits integer not null,
      reset_at timestamptz not null
    );
    create index rate_limit_hits_reset on rate_limit_hits (reset_at);
  `,
};
