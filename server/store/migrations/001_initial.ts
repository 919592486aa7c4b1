import type { Migration } from "../migration";

/** Tenants, their mailboxes and the audit trail: what every later table hangs off. */
export const initial: Migration = {
  version: 1,
  name: "tenants, mailboxes, audit log",
  sql: `
    create table tenants (
      id text primary key,                         -- Entra tenant id (GUID), or an on-premises organisation key
      display_name text,
      admin_consented_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table mailboxes (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id) on delete cascade,
      email text not null,
      user_oid text,                               -- Entra object id of the owner, when known
      display_name text,
      provider text not null check (provider in ('ews', 'graph')),
      access text not null check (access in ('delegated', 'app_only', 'onprem_service_account', 'onprem_password')),
      status text not null default 'pending' check (status in ('pending', 'active', 'attention', 'paused', 'disconnected')),
      reason text,                                 -- set exactly when status = 'attention'
      reason_detail text,                          -- the raw error kept for support
      next_sync_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint mailbox_email_lower check (email = lower(email)),
      constraint attention_has_reason check ((status = 'attention') = (reason is not null)),
      unique (tenant_id, email)
    );
    create index mailboxes_due on mailboxes (next_sync_at) where status = 'active';
    create index mailboxes_tenant_status on mailboxes (tenant_id, status, reason);

    -- Append-only: the application only ever inserts here.
    create table audit_log (
      id bigint generated always as identity primary key,
      tenant_id text not null,
      actor text not null,                         -- who: "oid@tid" of a user, or "system"
      action text not null,
      mailbox_id uuid,
      detail jsonb not null default '{}'::jsonb,
      at timestamptz not null default now()
    );
    create index audit_log_tenant_at on audit_log (tenant_id, at desc);
  `,
};
