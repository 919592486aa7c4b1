import type { Migration } from "../migration";

/**
 * Reps who connect their own on-premises mailbox: where each one's EWS is and how it signs in (the password is a sealed
 * secret of the mailbox), and what the first colleague's successful connect taught us about the company's Exchange,
 * tried first for the next one so that Autodiscover's round trips are spent once per company.
 */
export const onprem: Migration = {
  version: 9,
  name: "on-premises logins of reps, remembered company settings",
  sql: `
    create table onprem_logins (
      mailbox_id uuid primary key references mailboxes(id) on delete cascade,
      ews_url text not null,
      username text not null,                      -- DOMAIN\\username, a UPN, or the email address
      auth_method text not null check (auth_method in ('ntlm', 'basic')),
      updated_at timestamptz not null default now()
    );

    create table onprem_company_settings (
      tenant_id text not null references tenants(id) on delete cascade,
      email_domain text not null,
      ews_url text not null,
      auth_method text not null check (auth_method in ('ntlm', 'basic')),
      -- How a colleague's sign-in name is made from the address: {email}, {local} stand for its parts (e.g. CONTOSO\\{local}).
      username_format text not null,
      learned_from uuid references mailboxes(id) on delete set null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, email_domain)
    );
  `,
};
