import type { Migration } from "../migration";

/**
 * What sync keeps: a cursor per mailbox folder, one row per CRM activity (per tenant, by dedup key), which mailbox
 * items point at it, which mailboxes saw it, each run's record, and the lease that keeps two workers off one mailbox.
 */
export const sync: Migration = {
  version: 4,
  name: "sync cursors, activities, runs, leases",
  sql: `
    create table folder_cursors (
      mailbox_id uuid not null references mailboxes(id) on delete cascade,
      folder text not null,
      cursor text,
      initial_done boolean not null default false,  -- the first full pass of the folder finished
      updated_at timestamptz not null default now(),
      primary key (mailbox_id, folder)
    );

    create table crm_activities (
      tenant_id text not null,
      dedup_key text not null,                     -- msg:<internet message id> | cal:<iCalendar uid> | item:<mailbox>:<id>
      kind text not null check (kind in ('email', 'meeting')),
      crm_key text not null,                       -- the external id written to the CRM
      crm_id text,                                 -- the CRM's record id
      content_hash text not null,                  -- what was last written, to skip writes that change nothing
      who_ids text[] not null default '{}',        -- CRM people linked so far (union over every mailbox's view)
      owner_email text not null,                   -- the rep whose mailbox logged it first owns it
      deleted boolean not null default false,
      first_seen_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, dedup_key)
    );

    create table item_links (
      mailbox_id uuid not null references mailboxes(id) on delete cascade,
      item_id text not null,
      folder text not null,
      dedup_key text not null,
      primary key (mailbox_id, item_id)
    );
    create index item_links_dedup on item_links (dedup_key);

    create table activity_mailboxes (
      tenant_id text not null,
      dedup_key text not null,
      mailbox_id uuid not null references mailboxes(id) on delete cascade,
      linked_at timestamptz not null default now(),
      primary key (tenant_id, dedup_key, mailbox_id)
    );

    create table sync_runs (
      id bigint generated always as identity primary key,
      mailbox_id uuid not null references mailboxes(id) on delete cascade,
      trigger text not null,                       -- schedule | sync_now | retry
      started_at timestamptz not null default now(),
      ended_at timestamptz,
      outcome text check (outcome in ('ok', 'partial', 'failed', 'throttled')),
      pages integer not null default 0,
      items_seen integer not null default 0,
      logged integer not null default 0,
      skipped jsonb not null default '{}'::jsonb,
      calls integer not null default 0,
      crm_calls integer not null default 0,
      error text
    );
    create index sync_runs_mailbox on sync_runs (mailbox_id, started_at desc);
    create index sync_runs_started on sync_runs (started_at);

    alter table mailboxes add column lease_owner text;
    alter table mailboxes add column lease_until timestamptz;
    alter table mailboxes add column consecutive_failures integer not null default 0;
    alter table mailboxes add column last_synced_at timestamptz;
    alter table mailboxes add column folders text[] not null default array['inbox', 'sentitems', 'calendar'];
  `,
};
