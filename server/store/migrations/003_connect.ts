import type { Migration } from "../migration";

/**
 * The connect flow's single-use states, and what a connected mailbox needs to find its tokens.
 * States are stored as SHA-256 hashes: a database dump reveals no live state.
 */
export const connect: Migration = {
  version: 3,
  name: "connect states, delegated credentials",
  sql: `
    create table connect_states (
      state_hash text primary key,
      purpose text not null check (purpose in ('user_connect', 'admin_consent')),
      tenant_id text not null,
      user_oid text,                               -- the signed-in user the state is bound to (user_connect)
      mailbox_email text,
      provider text check (provider in ('ews', 'graph')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index connect_states_expires on connect_states (expires_at);

    alter table mailboxes add column home_account_id text;      -- msal-node account key "<oid>.<tid>" of a delegated mailbox
    alter table mailboxes add column sync_requested_at timestamptz;
    alter table tenants add column admin_consent_verified boolean not null default false;
  `,
};
