import type { Migration } from "../migration";

/**
 * Admins connect their organisation's Salesforce from the console: each connection records which org, which app
 * (null client id = the server-wide packaged app), which flow, who connected, the org's health, and a token generation
 * that lets concurrent refreshers see that someone else already refreshed. Tokens and client secrets are sealed
 * secrets. A connect attempt keeps its login host and app next to its single-use state.
 */
export const crmConnect: Migration = {
  version: 8,
  name: "CRM connect: per-org app, flow, health, connect attempts",
  sql: `
    alter table crm_connections
      add column org_id text,
      add column identity_url text,
      add column flow text not null default 'web_server' check (flow in ('web_server', 'client_credentials')),
      add column client_id text,                     -- null: the server-wide SALESFORCE_CLIENT_ID
      add column user_id text,
      add column user_name text,
      add column connected_by text,
      add column problem jsonb,                      -- {reason, since, pausedUntil?, detail}: the whole org is not usable
      add column last_check jsonb,                   -- the last preflight report
      add column token_generation integer not null default 0,
      add column last_refreshed_at timestamptz;

    alter table connect_states drop constraint if exists connect_states_purpose_check;
    alter table connect_states add constraint connect_states_purpose_check
      check (purpose in ('user_connect', 'admin_consent', 'crm_connect'));

    create table crm_connect_attempts (
      state_hash text primary key references connect_states(state_hash) on delete cascade,
      login_url text not null,
      client_id text,                                 -- null: the packaged app; else its secret is sealed with the state
      actor text not null,                            -- the admin who started it, for "connected by" and the audit log
      browser_hash text not null                      -- SHA-256 of the cookie set in the browser that started it
    );
  `,
};
