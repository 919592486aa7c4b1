import type { Migration } from "../migration";

/**
 * Exchange Online through Microsoft Graph: each organisation chooses the transport its new mailboxes use (Graph by
 * default: EWS in Exchange Online is blocked by default since 1 October 2026 and ends on 1 April 2027); each mailbox
 * keeps its own provider (001), so a mailbox already on EWS stays there until it is moved.
 */
export const graph: Migration = {
  version: 7,
  name: "Graph: tenant transport, activation outcomes over Graph",
  sql: `
    alter table tenants
      add column transport text not null default 'graph' check (transport in ('ews', 'graph'));

    -- Mass activation over Graph app-only names two more outcomes: an access policy excludes the mailbox, or Graph
    -- cannot open it (inactive, soft-deleted, on-premises).
    alter table activation_rows drop constraint if exists activation_rows_outcome_check;
    alter table activation_rows add constraint activation_rows_outcome_check check (outcome in
      ('queued', 'activated', 'already_active', 'invalid', 'mailbox_not_found', 'impersonation_denied', 'ews_blocked',
       'access_policy_denied', 'not_on_graph', 'failed'));
  `,
};
