import type { Migration } from "../migration";

/**
 * Every secret at rest in one table, sealed (AES-256-GCM with a key id): token caches, passwords, PKCE verifiers.
 * One table makes key rotation one loop and a leak audit one query.
 */
export const secrets: Migration = {
  version: 2,
  name: "sealed secrets",
  sql: `
    create table secrets (
      owner_kind text not null,
      owner_id text not null,
      purpose text not null,
      key_id text not null,
      sealed text not null,
      updated_at timestamptz not null default now(),
      primary key (owner_kind, owner_id, purpose)
    );
    create index secrets_key_id on secrets (key_id);
  `,
};
