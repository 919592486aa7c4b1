import type { Migration } from "../migration";

/**
 * What admins add: on-premises impersonation service accounts (their password is a sealed secret), which mailbox each
 * managed mailbox is reached through, and mass-activation jobs with one row per input line, so progress survives a
 * restart and every line's result can be shown.
 */
export const admin: Migration = {
  version: 6,
  name: "service accounts, activation jobs",
  sql: `
    create table service_accounts (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id) on delete cascade,
      name text not null,
      ews_url text not null,
      username text not null,                      -- DOMAIN\\username or a UPN
      auth_method text not null check (auth_method in ('ntlm', 'basic')),
      created_by text not null,
      created_at timestamptz not null default now(),
      unique (tenant_id, name)
    );

    alter table mailboxes add column service_account_id uuid references service_accounts(id);
    alter table mailboxes add constraint service_account_matches_access
      check ((access = 'onprem_service_account') = (service_account_id is not null));
    create index mailboxes_tenant_updated on mailboxes (tenant_id, updated_at desc);

    create table activation_jobs (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id) on delete cascade,
      access text not null check (access in ('app_only', 'onprem_service_account')),
      service_account_id uuid references service_accounts(id),
      file_name text,
      created_by text not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      constraint job_service_account_matches_access check ((access = 'onprem_service_account') = (service_account_id is not null))
    );
    create index activation_jobs_tenant on activation_jobs (tenant_id, created_at desc);

    create table activation_rows (
      job_id uuid not null references activation_jobs(id) on delete cascade,
      line integer not null,                       -- CSV line number (1 = header), or the 1-based index of an API row
      email text not null,                         -- as given, even when it is not an address
      display_name text,
      outcome text not null default 'queued' check (outcome in
        ('queued', 'activated', 'already_active', 'invalid', 'mailbox_not_found', 'impersonation_denied', 'ews_blocked', 'failed')),
      message text,
      mailbox_id uuid,
      primary key (job_id, line)
    );
    create index activation_rows_queued on activation_rows (job_id, line) where outcome = 'queued';

    -- The audit log is evidence: the database itself refuses to change or remove an entry, whoever asks.
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only: entries cannot be changed or deleted'; end
    $$;
    create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_is_append_only();
  `,
};
