import type { Migration } from "../migration";

/**
 * Items the CRM refused for good (a customer's validation rule) are recorded on the run that met them, with the CRM's
 * code and message, so support sees which item and why while the rest of the mailbox keeps syncing. Numbered 20: 16
 * and 17 are taken, and other branches add migrations at the same time.
 */
export const runRejections: Migration = {
  version: 20,
  name: "run history: activities the CRM refused for good",
  sql: `
    alter table sync_runs add column rejections jsonb not null default '[]'::jsonb;
  `,
};
