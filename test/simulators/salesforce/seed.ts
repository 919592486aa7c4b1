/**
 * Fills an org with accounts, contacts and leads: either exactly the people a test lists ("these 200 external
 * addresses are contacts, these 50 are leads") or a deterministic crowd generated from a seed. Records go through the
 * same insert path as the API, so seeded data obeys the same rules.
 */
import { insert } from "./objects/dml";
import type { FieldValue } from "./objects/store";
import type { DmlContext } from "./objects/writes";
import type { Org } from "./org";

export interface PersonSeed {
  readonly email: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly title?: string;
  /** Contacts only: the account (created on demand) the contact belongs to. */
  readonly accountName?: string;
  /** Leads only. */
  readonly company?: string;
  readonly externalId?: string;
}

export interface SeedSpec {
  /** PRNG seed for generated names and addresses (same seed, same data). */
  readonly seed?: number;
  /** Generated accounts, or account names. */
  readonly accounts?: number | readonly string[];
  /** Generated contacts, or the exact contacts (an e-mail address alone is enough). */
  readonly contacts?: number | readonly (string | PersonSeed)[];
  /** Generated leads, or the exact leads. */
  readonly leads?: number | readonly (string | PersonSeed)[];
  /** Owner of the seeded records (default: the org's admin). */
  readonly ownerUserId?: string;
}

export interface SeededPerson {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly accountId: string | null;
}

export interface SeedResult {
  readonly accounts: readonly { readonly id: string; readonly name: string }[];
  readonly contacts: readonly SeededPerson[];
  readonly leads: readonly SeededPerson[];
}

const FIRST = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam", "Mara", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe"];
const LAST = ["Abbott", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Huang", "Ivanova", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zhou"];
const COMPANY_WORDS = ["Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit", "Pioneer"];
const COMPANY_KINDS = ["Labs", "Logistics", "Partners", "Systems", "Foods", "Energy", "Health", "Studios"];
const TITLES = ["CEO", "CFO", "Head of Sales", "Buyer", "Engineer", "Office Manager", "Consultant", null];

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function domainOf(company: string): string {
  return `${company.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example.com`;
}

function namesFromEmail(email: string): { firstName: string | undefined; lastName: string } {
  const local = email.split("@")[0] ?? email;
  const parts = local.split(/[._-]+/).filter(Boolean);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  if (parts.length >= 2) return { firstName: cap(parts[0]!), lastName: cap(parts[parts.length - 1]!) };
  return { firstName: undefined, lastName: cap(parts[0] ?? "Unknown") };
}

function mustInsert(ctx: DmlContext, type: "Account" | "Contact" | "Lead", values: Record<string, FieldValue | undefined>): string {
  const draft = new Map<string, FieldValue>();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) draft.set(k, v);
  const outcome = insert(ctx, type, draft);
  if (!outcome.ok) throw new RangeError(`cannot seed ${type} ${JSON.stringify(values)}: ${outcome.failure.code} ${outcome.failure.message}`);
  return outcome.id;
}

export function seedOrg(org: Org, spec: SeedSpec): SeedResult {
  const rand = prng(spec.seed ?? 1);
  const ctx: DmlContext = { org, userId: spec.ownerUserId ?? org.adminUserId, faults: null };
  const accounts: { id: string; name: string }[] = [];
  const accountByName = new Map<string, string>();
  const account = (name: string): string => {
    const existing = accountByName.get(name.toLowerCase());
    if (existing) return existing;
    const id = mustInsert(ctx, "Account", { Name: name, Website: `https://${domainOf(name)}` });
    accountByName.set(name.toLowerCase(), id);
    accounts.push({ id, name });
    return id;
  };
  const generatedCompany = () => `${pick(rand, COMPANY_WORDS)} ${pick(rand, COMPANY_KINDS)} ${Math.floor(rand() * 1000)}`;

  if (typeof spec.accounts === "number") for (let i = 0; i < spec.accounts; i++) account(generatedCompany());
  else for (const name of spec.accounts ?? []) account(name);

  let serial = 0;
  const generatedPerson = (companies: readonly string[]): PersonSeed => {
    const firstName = pick(rand, FIRST);
    const lastName = pick(rand, LAST);
    const company = companies.length > 0 ? pick(rand, companies) : generatedCompany();
    serial++;
    return {
      email: `${firstName}.${lastName}.${serial}@${domainOf(company)}`.toLowerCase(),
      firstName,
      lastName,
      title: pick(rand, TITLES) ?? undefined,
      accountName: company,
      company,
    };
  };
  const people = (input: SeedSpec["contacts"], companies: readonly string[]): PersonSeed[] => {
    if (typeof input === "number") return Array.from({ length: input }, () => generatedPerson(companies));
    return (input ?? []).map((p) => (typeof p === "string" ? { email: p } : p));
  };

  const contacts = people(spec.contacts, accounts.map((a) => a.name)).map((p): SeededPerson => {
    const names = p.lastName ? { firstName: p.firstName, lastName: p.lastName } : namesFromEmail(p.email);
    const accountId = p.accountName ? account(p.accountName) : null;
    const id = mustInsert(ctx, "Contact", {
      FirstName: names.firstName,
      LastName: names.lastName,
      Email: p.email,
      Title: p.title,
      AccountId: accountId,
      External_Id__c: org.schema.field("Contact", "External_Id__c") ? p.externalId : undefined,
    });
    return { id, email: p.email, name: [names.firstName, names.lastName].filter(Boolean).join(" "), accountId };
  });

  const leads = people(spec.leads, []).map((p): SeededPerson => {
    const names = p.lastName ? { firstName: p.firstName, lastName: p.lastName } : namesFromEmail(p.email);
    const company = p.company ?? p.accountName ?? p.email.split("@")[1] ?? "Unknown";
    const id = mustInsert(ctx, "Lead", {
      FirstName: names.firstName,
      LastName: names.lastName,
      Email: p.email,
      Title: p.title,
      Company: company,
      External_Id__c: org.schema.field("Lead", "External_Id__c") ? p.externalId : undefined,
    });
    return { id, email: p.email, name: [names.firstName, names.lastName].filter(Boolean).join(" "), accountId: null };
  });

  return { accounts, contacts, leads };
}
