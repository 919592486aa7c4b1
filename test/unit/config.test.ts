import { randomBytes } from "node:crypto";
import { ConfigError, loadConfig } from "../../server/config";

const tenant = { ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555", ENTRA_CLIENT_SECRET: "s3cret-value" };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/srv/app");
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error("expected a ConfigError");
}

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env, "/srv/app");
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("fills in Microsoft's endpoints, port 3000 and an embedded store in the data folder by default", () => {
    const c = loadConfig(tenant, "/srv/app");
    expect(c.http.port).toBe(3000);
    expect(c.http.publicUrl).toBe("https://localhost:3000");
    expect(c.storage).toEqual({ kind: "embedded", dataDir: "/srv/app/data/pglite" });
    expect(c.microsoft.authorityHost).toBe("https://login.microsoftonline.com");
    expect(c.microsoft.ewsUrl).toBe("https://outlook.office365.com/EWS/Exchange.asmx");
    expect(c.sync.intervalMinutes).toBe(30);
  });

  it("queues due turns every minute, or four times per interval when SYNC_INTERVAL_SECONDS compresses the clock", () => {
    expect(loadConfig(tenant, "/srv/app").sync.cycleSeconds).toBe(60);
    const fast = loadConfig({ ...tenant, SYNC_INTERVAL_SECONDS: "30" }, "/srv/app").sync;
    expect(fast.intervalMinutes * 60).toBeCloseTo(30);
    expect(fast.cycleSeconds).toBe(10);
    expect(loadConfig({ ...tenant, SYNC_INTERVAL_SECONDS: "600" }, "/srv/app").sync.cycleSeconds).toBe(60);
    expect(problemsOf({ ...tenant, SYNC_INTERVAL_SECONDS: "3" }).find((p) => p.startsWith("SYNC_INTERVAL_SECONDS="))).toMatch(/from 10 to 86400/);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const c = loadConfig({ ...tenant, DATABASE_URL: "postgres://u:p@db:5432/sync" });
    expect(c.storage).toEqual({ kind: "postgres", url: "postgres://u:p@db:5432/sync" });
  });

  it("names every bad value at once, each with what to do", () => {
    const problems = problemsOf({
      ...tenant,
      PORT: "eighty",
      DATABASE_URL: "mysql://db/sync",
      ENTRA_CLIENT_ID: "my-app",
      SYNC_INTERVAL_MINUTES: "1",
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith("PORT="))).toMatch(/whole number/);
    expect(problems.find((p) => p.startsWith("DATABASE_URL="))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith("ENTRA_CLIENT_ID="))).toMatch(/Application \(client\) ID/);
    expect(problems.find((p) => p.startsWith("SYNC_INTERVAL_MINUTES="))).toMatch(/from 5 to 1440/);
  });

  it("asks for the Entra app registration when none is configured", () => {
    const problems = problemsOf({});
    expect(problems.some((p) => p.startsWith("ENTRA_CLIENT_ID") && p.includes("Register the Entra app"))).toBe(true);
    expect(problems.some((p) => p.startsWith("ENTRA_CLIENT_SECRET"))).toBe(true);
  });

  it("never repeats a secret in its error message", () => {
    const message = messageOf({ ...tenant, NODE_ENV: "production", ENTRA_AUTHORITY_HOST: "https://localhost:4001" });
    expect(message).toMatch(/ENTRA_AUTHORITY_HOST/);
    expect(message).not.toContain(tenant.ENTRA_CLIENT_SECRET);
  });

  it("never prints key material from a bad ENCRYPTION_KEYS, even the entry that is valid", () => {
    const validKey = randomBytes(32).toString("base64");
    const shortKey = randomBytes(16).toString("base64");
    const message = messageOf({ ...tenant, ENCRYPTION_KEYS: `current:${validKey},old:${shortKey}` });
    expect(message).toMatch(/ENCRYPTION_KEYS=/);
    expect(message).toMatch(/key old must be 32 random bytes/);
    expect(message).not.toContain(validKey);
    expect(message).not.toContain(shortKey);
  });

  it("never prints the password inside a bad DATABASE_URL or a loopback endpoint", () => {
    const password = `pw-${randomBytes(6).toString("hex")}`;
    const message = messageOf({
      ...tenant,
      NODE_ENV: "production",
      DATABASE_URL: `mysql://sync:${password}@db.example.com/sync?password=${password}`,
      EWS_URL: `https://svc:${password}@127.0.0.1:4002/EWS/Exchange.asmx`,
    });
    expect(message).toMatch(/DATABASE_URL="mysql:\/\/\(hidden\)@db.example.com\/sync/);
    expect(message).toMatch(/EWS_URL="https:\/\/\(hidden\)@127.0.0.1/);
    expect(message).not.toContain(password);
  });

  it("refuses, in production, the simulators, loopback endpoints and development certificates", () => {
    const problems = problemsOf({ ...tenant, NODE_ENV: "production", DEMO_MODE: "true", EWS_URL: "https://127.0.0.1:4002/EWS/Exchange.asmx" });
    expect(problems.some((p) => p.startsWith("DEMO_MODE=true is refused"))).toBe(true);
    expect(problems.some((p) => p.startsWith("EWS_URL="))).toBe(true);
    expect(problems.some((p) => p.startsWith("PUBLIC_URL"))).toBe(true);
    expect(problems.some((p) => p.startsWith("TLS_CERT_FILE"))).toBe(true);
  });

  it("accepts a complete production configuration", () => {
    const c = loadConfig({
      ...tenant,
      NODE_ENV: "production",
      PUBLIC_URL: "https://sync.contoso.com/",
      TLS_CERT_FILE: "/etc/tls/sync.crt",
      TLS_KEY_FILE: "/etc/tls/sync.key",
    });
    expect(c.http.publicUrl).toBe("https://sync.contoso.com");
    expect(c.http.tls).toEqual({ kind: "files", certFile: "/etc/tls/sync.crt", keyFile: "/etc/tls/sync.key" });
  });

  it("wants the TLS certificate and key together", () => {
    expect(problemsOf({ ...tenant, TLS_CERT_FILE: "/etc/tls/sync.crt" })).toEqual([expect.stringMatching(/go together/)]);
  });

  it("treats empty values as not set, as .env files write them", () => {
    expect(loadConfig({ ...tenant, DATABASE_URL: "", PORT: " " }).http.port).toBe(3000);
  });
});
