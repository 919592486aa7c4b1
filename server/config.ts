import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { isFrameAncestor, outlookFrameAncestors } from "./http/frameAncestors";
import { parseCidr } from "./net/addressRanges";
import { AddressList } from "./net/addressList";
import type { DataKey } from "./security/keyRing";
import { parseKeyList } from "./security/keyRing";
import { shownConfigValue } from "./configRedaction";

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
  | { readonly kind: "file"; readonly path: string; readonly legacyPath: string };

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
  /** Each mailbox's turn comes this often (a fraction of a minute only when SYNC_INTERVAL_SECONDS compresses the clock). */
  readonly intervalMinutes: number;
  /** How often one process of the fleet queues the turns that have come: every minute, or faster for a short interval. */
  readonly cycleSeconds: number;
  /** Mailbox syncs running at once in one process. */
  readonly concurrency: number;
  /** Concurrent EWS calls per Exchange account (Exchange allows 27; Microsoft advises about 10). */
  readonly ewsCallsPerAccount: number;
  readonly ewsTimeoutMs: number;
  readonly getItemBatch: number;
  /** How far back a first sync logs mail and meetings. */
  readonly backfillDays: number;
  /** How long a worker's hold on a mailbox lasts unless renewed (a running sync renews it every third of this). */
  readonly leaseSeconds: number;
  /** How far ahead the calendar window reaches (Graph's calendarView delta needs a window). */
  readonly calendarHorizonDays: number;
  /** Concurrent Graph calls per app and tenant (each mailbox is further capped at Outlook's 4). */
  readonly graphCallsPerTenant: number;
  /** Changes asked for per page of a folder (EWS allows 1..512; Graph takes it as odata.maxpagesize, at most GRAPH_MAX_PAGE). */
  readonly pageSize: number;
}

/**
 * Who may read /metrics (no token: Prometheus scrapers carry none). The client's address must be in `allow`; with a
 * `listener`, /metrics is served only there (plain HTTP on its own port) and the main port answers 404 for it.
 */
export interface MetricsConfig {
  readonly allow: AddressList;
  readonly listener: { readonly host: string; readonly port: number } | null;
}
/** What this process does: serve HTTP, sync mailboxes, or both (the one-machine default). */
export type ProcessRole = "web" | "worker" | "all";

export interface Config {
  readonly nodeEnv: "development" | "production" | "test";
  /** Demo mode: no tenant was configured, so the start-up script wired the bundled simulators in. */
  readonly demo: boolean;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly tls: TlsConfig;
    /** Origins that may frame the pages (CSP frame-ancestors, besides our own): Outlook's hosts unless FRAME_ANCESTORS says otherwise. */
    readonly frameAncestors: readonly string[];
  };
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
  readonly metrics: MetricsConfig;
  readonly role: ProcessRole;
  /** On SIGTERM: how long running syncs may take to finish their page before they are given up and their leases released. */
  readonly shutdownDeadlineSeconds: number;
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
  SYNC_INTERVAL_SECONDS: int(10, 86400, "it overrides SYNC_INTERVAL_MINUTES, for tests and demos that compress the clock").optional(),
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
  METRICS_ALLOW: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      try {
        AddressList.parse(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `${(err as Error).message}; the default is 127.0.0.0/8,::1 (this machine only)` });
      }
    })
    .default("127.0.0.0/8,::1"),
  METRICS_PORT: int(0, 65535, "a port of its own for /metrics, e.g. 9464 (0 picks any free port); leave it unset to serve /metrics on PORT").optional(),
  METRICS_HOST: z.string().trim().min(1).optional(),
  SYNC_LEASE_SECONDS: int(15, 3600, "a dead worker's mailboxes move on after this; the default is 120").default(120),
  SHUTDOWN_DEADLINE_SECONDS: int(1, 600, "orchestrators wait 30 s by default before SIGKILL; the default is 25").default(25),
  ROLE: z.enum(["web", "worker", "all"], { message: "must be web (HTTP only), worker (sync only) or all (both, the default)" }).default("all"),
  SYNC_CALENDAR_HORIZON_DAYS: int(1, 1825, "the default is 180").default(180),
  GRAPH_CALLS_PER_TENANT: int(1, 1000, "the default is 64").default(64),
  FRAME_ANCESTORS: z
    .string()
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every(isFrameAncestor), "must be a comma-separated list of origins such as https://outlook.office.com,https://*.outlook.com (no path, no bare *)")
    .optional(),
  SYNC_PAGE_SIZE: int(1, 512, "EWS allows 1 to 512 changes per page; the default is 512").default(512),
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
  if (env.METRICS_HOST && !env.METRICS_PORT) problems.push("METRICS_HOST is set without METRICS_PORT: it names where the separate metrics port listens; set METRICS_PORT too, or unset METRICS_HOST");
  if (env.METRICS_PORT && env.METRICS_PORT.trim() !== "0" && env.METRICS_PORT.trim() === (env.PORT ?? "3000").trim()) {
    problems.push(`METRICS_PORT=${env.METRICS_PORT} is the same as PORT: give /metrics a port of its own, or unset METRICS_PORT to serve it on PORT`);
  }
  if (env.ROLE && ["web", "worker"].includes(env.ROLE.trim()) && !env.DATABASE_URL) {
    problems.push(`ROLE=${env.ROLE.trim()} needs DATABASE_URL: separate web and worker processes share one PostgreSQL (the embedded store belongs to one process; leave ROLE unset to run both in it)`);
  }
  if (!env.ENTRA_CLIENT_ID) problems.push("ENTRA_CLIENT_ID (not set) is needed: register the app in Entra ID (README, 'Register the Entra app') and set its Application (client) ID");
  if (!env.ENTRA_CLIENT_SECRET) problems.push("ENTRA_CLIENT_SECRET (not set) is needed: create a client secret for the app registration and set its value");
  if (env.NODE_ENV === "production") {
    if (["true", "1", "yes"].includes((env.DEMO_MODE ?? "").toLowerCase())) {
      problems.push("DEMO_MODE=true is refused with NODE_ENV=production: configure your Microsoft tenant instead of the simulators");
    }
    for (const name of ["ENTRA_AUTHORITY_HOST", "EWS_URL", "GRAPH_URL"] as const) {
      if (isLoopback(env[name])) problems.push(`${name}=${shownConfigValue(name, env[name])} points at this machine; with NODE_ENV=production it must be the real service`);
    }
    const plainFramers = (env.FRAME_ANCESTORS ?? "").split(",").map((o) => o.trim()).filter((o) => o.toLowerCase().startsWith("http:"));
    if (plainFramers.length > 0) problems.push(`FRAME_ANCESTORS names ${plainFramers.join(", ")}: with NODE_ENV=production only https:// origins may frame the pane`);
    if (!env.PUBLIC_URL) problems.push("PUBLIC_URL (not set) is needed in production: the https:// address Outlook loads the add-in from");
    if (!env.TLS_CERT_FILE) problems.push("TLS_CERT_FILE and TLS_KEY_FILE are needed in production: development certificates are for this machine only");
    if (isLoopback(env.SALESFORCE_LOGIN_URL)) problems.push(`SALESFORCE_LOGIN_URL=${shownConfigValue("SALESFORCE_LOGIN_URL", env.SALESFORCE_LOGIN_URL)} points at this machine; with NODE_ENV=production it must be the real service`);
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
      const shown = shownConfigValue(name, cleaned[name]);
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
      frameAncestors: e.FRAME_ANCESTORS ?? outlookFrameAncestors,
    },
    dataDir,
    storage: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "embedded", dataDir: resolve(dataDir, "pglite") },
    secretKeys: e.ENCRYPTION_KEYS ? { kind: "env", keys: parseKeyList(e.ENCRYPTION_KEYS) } : { kind: "file", path: resolve(dataDir, "keys", "secret-keys.json"), legacyPath: resolve(dataDir, "secret-keys.json") },
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
      intervalMinutes: e.SYNC_INTERVAL_SECONDS === undefined ? e.SYNC_INTERVAL_MINUTES : e.SYNC_INTERVAL_SECONDS / 60,
      cycleSeconds: cycleSeconds(e.SYNC_INTERVAL_SECONDS ?? e.SYNC_INTERVAL_MINUTES * 60),
      concurrency: e.SYNC_CONCURRENCY,
      ewsCallsPerAccount: e.EWS_CALLS_PER_ACCOUNT,
      ewsTimeoutMs: e.EWS_TIMEOUT_MS,
      getItemBatch: e.EWS_GETITEM_BATCH,
      backfillDays: e.SYNC_BACKFILL_DAYS,
      leaseSeconds: e.SYNC_LEASE_SECONDS,
      calendarHorizonDays: e.SYNC_CALENDAR_HORIZON_DAYS,
      graphCallsPerTenant: e.GRAPH_CALLS_PER_TENANT,
      pageSize: e.SYNC_PAGE_SIZE,
    },
    allowedPrivateNetworks: e.ALLOWED_PRIVATE_NETWORKS,
    metrics: {
      allow: AddressList.parse(e.METRICS_ALLOW),
      listener: e.METRICS_PORT === undefined ? null : { host: e.METRICS_HOST ?? e.HOST, port: e.METRICS_PORT },
    },
    role: e.ROLE,
    shutdownDeadlineSeconds: e.SHUTDOWN_DEADLINE_SECONDS,
    onpremTrustedCaFile: e.ONPREM_TRUSTED_CA_FILE ? abs(e.ONPREM_TRUSTED_CA_FILE) : null,
  };
}

/** True when the environment names no Microsoft tenant: the start-up script then runs the bundled simulators. */
export function tenantConfigured(env: Env): boolean {
  return Boolean(env.ENTRA_CLIENT_ID?.trim());
}

/**
 * The minute tick suits real intervals (5 minutes and more); a compressed interval is cycled four times per turn, in
 * whole seconds that divide a minute so the ticks stay evenly spaced.
 */
function cycleSeconds(intervalSeconds: number): number {
  if (intervalSeconds >= 300) return 60;
  const wanted = Math.max(5, Math.floor(intervalSeconds / 4));
  return [5, 6, 10, 12, 15, 20, 30, 60].find((d) => d >= wanted) ?? 60;
}
