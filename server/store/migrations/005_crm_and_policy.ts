import type { Migration } from "../migration";

/** Each organisation's CRM connection (its refresh token is a sealed secret) and its sync policy. */
export const crmAndPolicy: Migration = {
  version: 5,
  name: "CRM connections, sync policy",
  sql: `
    create table crm_connections (
      tenant_id text primary key references tenants(id) on delete cascade,
      kind text not null check (kind in ('salesforce')),
      login_url text not null,
      instance_url text not null,
      username text,
      connected_at timestamptz not null default now()
    );

    -- capture_level, internal/blocked domains and addresses, back-fill window; defaults live in code.
    alter table tenants add column sync_policy jsonb not null default '{}'::jsonb;
    -- per-mailbox choices made in the sidebar's Sync settings (capture level, excluded addresses and domains).
    alter table mailboxes add column settings jsonb not null default '{}'::jsonb;
  `,
};
