import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { parseCidr } from "./net/addressRanges";
import type { DataKey } from "./security/keyRing";
import { parseKeyList } from "./security/keyRing";

/**
 * Every setting comes from the environment (optionally a .env file, loaded by the start-up script).
 * loadConfig() reads them all and fails once, naming every bad or missing value with its fix, so nothing
 * ever starts half-configured.
 */

export type StorageConfig =
  | { readonly kind: "embedded"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string };

export type TlsConfig =
  | { readonly kind: "dev-certificates"; readonly dir: string | undefined }
  | { readonly kind: "files"; readonly certFile: string; readonly keyFile: string };

/** Where and as whom the server talks to Microsoft. Every endpoint is configurable, as sovereign clouds need. */
export interface MicrosoftConfig {
  readonly authorityHost: string;
  readonly tenant: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly ewsUrl: string;
  readonly ewsResource: string;
  readonly graphUrl: string;
  readonly graphResource: string;
}

/** Keys that seal secrets at rest: from ENCRYPTION_KEYS, or a key file the server creates in its data folder. */
export type SecretKeysConfig =
  | { readonly kind: "env"; readonly keys: readonly DataKey[] }
  | { readonly kind: "file"; readonly path: string };

/** Our Salesforce connected app; each organisation connects its own org with it. */
export interface SalesforceConfig {
  readonly loginUrl: string;
  readonly clientId: string | null;
  readonly clientSecret: string | null;
  readonly apiVersion: string;
  /** External-ID, unique text field on Activity (Task and Event) that holds our idempotency key. */
  readonly activityKeyField: string;
}

export interface SyncConfig {
  readonly intervalMinutes: number;
  /** Mailbox syncs running at once in one process. */
  readonly concurrency: number;
  /** Concurrent EWS calls per Exchange account (Exchange allows 27; Microsoft advises about 10). */
  readonly ewsCallsPerAccount: number;
  readonly ewsTimeoutMs: number;
  readonly getItemBatch: number;
  /** How far back a first sync logs mail and meetings. */
  readonly backfillDays: number;
}

export interface Config {
  readonly nodeEnv: "development" | "production" | "test";
  /** Demo mode: no tenant was configured, so the start-up script wired the bundled simulators in. */
  readonly demo: boolean;
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl: string; readonly tls: TlsConfig };
  readonly dataDir: string;
  readonly storage: StorageConfig;
  readonly secretKeys: SecretKeysConfig;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly microsoft: MicrosoftConfig;
  readonly officeJsUrl: string;
  readonly salesforce: SalesforceConfig;
  readonly sync: SyncConfig;
  /** Private networks (CIDR) that servers named by users may be in; none by default (server/net/userServers.ts). */
  readonly allowedPrivateNetworks: readonly string[];
  /** An internal CA (PEM file) that reps' on-premises Exchange servers chain to, trusted besides the public roots. */
  readonly onpremTrustedCaFile: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The server cannot start: ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}.\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nSet these in the environment or in a .env file (see the configuration table in README.md).",
    );
    this.name = "ConfigError";
  }
}

const httpsUrl = (fix: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return new URL(v).protocol === "https:";
      } catch {
        return false;
      }
    }, `must be an https:// URL; ${fix}`)
    .transform((v) => v.replace(/\/+$/, ""));

const anyHttpUrl = (fix: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return ["http:", "https:"].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be an http(s):// URL; ${fix}`)
    .transform((v) => v.replace(/\/+$/, ""));

const int = (min: number, max: number, fix: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}; ${fix}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be from ${min} to ${max}; ${fix}`);

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["true", "false", "1", "0", "yes", "no"].includes(v), "must be true or false")
  .transform((v) => ["true", "1", "yes"].includes(v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { message: "must be development, production or test" }).default("development"),
  DEMO_MODE: bool.default(false),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: int(0, 65535, "pick a free TCP port such as 3000 (0 picks any free port)").default(3000),
  PUBLIC_URL: httpsUrl("Outlook only loads add-ins over HTTPS, e.g. https://sync.example.com").optional(),
  TLS_CERT_FILE: z.string().trim().min(1).optional(),
  TLS_KEY_FILE: z.string().trim().min(1).optional(),
  DEV_CERTS_DIR: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().trim().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// connection URL, e.g. postgres://user:password@db.example.com:5432/mailsync")
    .optional(),
  ENCRYPTION_KEYS: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      try {
        parseKeyList(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `${(err as Error).message}; the format is id:base64key[,oldid:oldkey...]` });
      }
    })
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
  ENTRA_AUTHORITY_HOST: httpsUrl("Microsoft's is https://login.microsoftonline.com").default("https://login.microsoftonline.com"),
  ENTRA_TENANT: z.string().trim().min(1).default("organizations"),
  ENTRA_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be the Application (client) ID GUID of your Entra app registration")
    .optional(),
  ENTRA_CLIENT_SECRET: z.string().min(1, "must not be empty").optional(),
  EWS_URL: anyHttpUrl("Exchange Online's is https://outlook.office365.com/EWS/Exchange.asmx").default("https://outlook.office365.com/EWS/Exchange.asmx"),
  EWS_RESOURCE: httpsUrl("Exchange Online's is https://outlook.office365.com").default("https://outlook.office365.com"),
  GRAPH_URL: httpsUrl("Microsoft Graph's is https://graph.microsoft.com/v1.0").default("https://graph.microsoft.com/v1.0"),
  GRAPH_RESOURCE: httpsUrl("Microsoft Graph's is https://graph.microsoft.com").default("https://graph.microsoft.com"),
  OFFICE_JS_URL: z.string().trim().min(1).default("/office-js/office.js"),
  SYNC_INTERVAL_MINUTES: int(5, 1440, "the default is 30").default(30),
  SYNC_CONCURRENCY: int(1, 1000, "the default is 32").default(32),
  EWS_CALLS_PER_ACCOUNT: int(1, 27, "Exchange refuses more than 27 concurrent calls per account; the default is 10").default(10),
  EWS_TIMEOUT_MS: int(1000, 600000, "the default is 60000").default(60000),
  EWS_GETITEM_BATCH: int(1, 250, "the default is 50").default(50),
  SYNC_BACKFILL_DAYS: int(0, 3650, "the default is 90").default(90),
  ONPREM_TRUSTED_CA_FILE: z.string().trim().min(1).optional(),
  ALLOWED_PRIVATE_NETWORKS: z
    .string()
    .transform((v) => v.split(",").map((c) => c.trim()).filter(Boolean))
    .refine((list) => list.every((c) => parseCidr(c) !== null), "must be a comma-separated list of networks in CIDR notation, e.g. 10.0.0.0/8,fd00::/8")
    .default([]),
  SALESFORCE_LOGIN_URL: httpsUrl("Salesforce's is https://login.salesforce.com (sandboxes: https://test.salesforce.com)").default("https://login.salesforce.com"),
  SALESFORCE_CLIENT_ID: z.string().trim().min(1).optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(1).optional(),
  SALESFORCE_API_VERSION: z.string().trim().regex(/^\d{2}\.0$/, "must look like 62.0").default("62.0"),
  SALESFORCE_ACTIVITY_KEY_FIELD: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, "must be the API name of a custom field, ending in __c").default("Sync_Key__c"),
});

type Env = Record<string, string | undefined>;

const isLoopback = (url: string | undefined) => {
  try {
    return url !== undefined && ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/** Checks across settings, on the raw values, so they are reported together with the per-value problems. */
function crossChecks(env: Env): string[] {
  const problems: string[] = [];
  if (Boolean(env.SALESFORCE_CLIENT_ID) !== Boolean(env.SALESFORCE_CLIENT_SECRET)) {
    problems.push("SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET go together: the consumer key and secret of your connected app");
  }
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    problems.push("TLS_CERT_FILE and TLS_KEY_FILE go together: set both (PEM certificate and its private key) or neither (development certificates)");
  }
  if (!env.ENTRA_CLIENT_ID) problems.push("ENTRA_CLIENT_ID (not set) is needed: register the app in Entra ID (README, 'Register the Entra app') and set its Application (client) ID");
  if (!env.ENTRA_CLIENT_SECRET) problems.push("ENTRA_CLIENT_SECRET (not set) is needed: create a client secret for the app registration and set its value");
  if (env.NODE_ENV === "production") {
    if (["true", "1", "yes"].includes((env.DEMO_MODE ?? "").toLowerCase())) {
      problems.push("DEMO_MODE=true is refused with NODE_ENV=production: configure your Microsoft tenant instead of the simulators");
    }
    for (const name of ["ENTRA_AUTHORITY_HOST", "EWS_URL", "GRAPH_URL"] as const) {
      if (isLoopback(env[name])) problems.push(`${name}=${env[name]} points at this machine; with NODE_ENV=production it must be the real service`);
    }
    if (!env.PUBLIC_URL) problems.push("PUBLIC_URL (not set) is needed in production: the https:// address Outlook loads the add-in from");
    if (!env.TLS_CERT_FILE) problems.push("TLS_CERT_FILE and TLS_KEY_FILE are needed in production: development certificates are for this machine only");
    if (isLoopback(env.SALESFORCE_LOGIN_URL)) problems.push(`SALESFORCE_LOGIN_URL=${env.SALESFORCE_LOGIN_URL} points at this machine; with NODE_ENV=production it must be the real service`);
    if (env.DATABASE_URL && !env.ENCRYPTION_KEYS) {
      problems.push("ENCRYPTION_KEYS (not set) is needed in production with DATABASE_URL: every server process must hold the same keys (generate one with: openssl rand -base64 32)");
    }
  }
  return problems;
}

/** Reads and checks the whole configuration; throws ConfigError naming every problem. */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  // Empty strings in .env files mean "not set", as people write them.
  const cleaned: Env = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join(".");
      const shown = cleaned[name] === undefined ? "(not set)" : name.includes("SECRET") ? "(hidden)" : JSON.stringify(cleaned[name]);
      problems.push(`${name}=${shown} ${issue.message}`);
    }
  }
  problems.push(...crossChecks(cleaned));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const dataDir = abs(e.DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    demo: e.DEMO_MODE,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL ?? `https://localhost:${e.PORT}`,
      tls:
        e.TLS_CERT_FILE && e.TLS_KEY_FILE
          ? { kind: "files", certFile: abs(e.TLS_CERT_FILE), keyFile: abs(e.TLS_KEY_FILE) }
          : { kind: "dev-certificates", dir: e.DEV_CERTS_DIR ? abs(e.DEV_CERTS_DIR) : undefined },
    },
    dataDir,
    storage: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "embedded", dataDir: resolve(dataDir, "pglite") },
    secretKeys: e.ENCRYPTION_KEYS ? { kind: "env", keys: parseKeyList(e.ENCRYPTION_KEYS) } : { kind: "file", path: resolve(dataDir, "secret-keys.json") },
    logLevel: e.LOG_LEVEL,
    microsoft: {
      authorityHost: e.ENTRA_AUTHORITY_HOST,
      tenant: e.ENTRA_TENANT,
      clientId: e.ENTRA_CLIENT_ID as string,
      clientSecret: e.ENTRA_CLIENT_SECRET as string,
      ewsUrl: e.EWS_URL,
      ewsResource: e.EWS_RESOURCE,
      graphUrl: e.GRAPH_URL,
      graphResource: e.GRAPH_RESOURCE,
    },
    officeJsUrl: e.OFFICE_JS_URL,
    salesforce: {
      loginUrl: e.SALESFORCE_LOGIN_URL,
      clientId: e.SALESFORCE_CLIENT_ID ?? null,
      clientSecret: e.SALESFORCE_CLIENT_SECRET ?? null,
      apiVersion: e.SALESFORCE_API_VERSION,
      activityKeyField: e.SALESFORCE_ACTIVITY_KEY_FIELD,
    },
    sync: {
      intervalMinutes: e.SYNC_INTERVAL_MINUTES,
      concurrency: e.SYNC_CONCURRENCY,
      ewsCallsPerAccount: e.EWS_CALLS_PER_ACCOUNT,
      ewsTimeoutMs: e.EWS_TIMEOUT_MS,
      getItemBatch: e.EWS_GETITEM_BATCH,
      backfillDays: e.SYNC_BACKFILL_DAYS,
    },
    allowedPrivateNetworks: e.ALLOWED_PRIVATE_NETWORKS,
    onpremTrustedCaFile: e.ONPREM_TRUSTED_CA_FILE ? abs(e.ONPREM_TRUSTED_CA_FILE) : null,
  };
}

/** True when the environment names no Microsoft tenant: the start-up script then runs the bundled simulators. */
export function tenantConfigured(env: Env): boolean {
  return Boolean(env.ENTRA_CLIENT_ID?.trim());
}
