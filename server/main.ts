import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { connectRouter } from "./api/connectRouter";
import { meRouter } from "./api/meRouter";
import type { Config } from "./config";
import { createHttpApp } from "./http/app";
import { AdminConsentService } from "./identity/adminConsentService";
import { AuthorityMetadataCache } from "./identity/authorityMetadata";
import { CallerTokenVerifier } from "./identity/callerToken";
import { ConnectService } from "./identity/connectService";
import { DelegatedTokens } from "./identity/delegatedTokens";
import type { Logger } from "./logger";
import { loadKeyRing } from "./security/loadKeyRing";
import { AuditLog } from "./store/auditLog";
import { ConnectStateRepository } from "./store/connectStateRepository";
import type { Database } from "./store/database";
import { MailboxRepository } from "./store/mailboxRepository";
import { openDatabase } from "./store/openDatabase";
import { SecretStore } from "./store/secretStore";
import { TenantRepository } from "./store/tenantRepository";
import { ensureDevCertificates, loadTlsMaterial } from "./tls/devCertificates";

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The services, for tests and tools that drive the server in-process. */
  readonly services: Services;
  close(): Promise<void>;
}

export interface Services {
  readonly db: Database;
  readonly mailboxes: MailboxRepository;
  readonly secrets: SecretStore;
  readonly delegatedTokens: DelegatedTokens;
}

/** Composition root: config -> store -> services -> http (+ jobs). Nothing else wires things together. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const ring = loadKeyRing(config.secretKeys);
  const db = await openDatabase(config.storage);
  const secrets = new SecretStore(db, ring);
  const mailboxes = new MailboxRepository(db);
  const tenants = new TenantRepository(db);
  const states = new ConnectStateRepository(db);
  const audit = new AuditLog(db);
  const metadata = new AuthorityMetadataCache(config.microsoft.authorityHost);
  const verifier = new CallerTokenVerifier({ authorityHost: config.microsoft.authorityHost, clientId: config.microsoft.clientId, tenant: config.microsoft.tenant });
  const connect = new ConnectService({ config, states, mailboxes, secrets, metadata, logger });
  const adminConsent = new AdminConsentService(config, states, tenants, mailboxes, metadata, logger);
  const delegatedTokens = new DelegatedTokens(config, secrets, metadata, logger);

  const tls =
    config.http.tls.kind === "files"
      ? loadTlsMaterial({ certFile: config.http.tls.certFile, keyFile: config.http.tls.keyFile, caFile: "" })
      : await ensureDevCertificates(config.http.tls.dir);
  const app = createHttpApp({
    config,
    db,
    logger,
    apiRouters: [connectRouter({ config, connect, adminConsent, audit, logger }), meRouter({ config, verifier, mailboxes, secrets, connect, audit, logger })],
  });
  const server = createServer({ cert: tls.cert, key: tls.key }, app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, store: db.kind, demo: config.demo }, "server listening");
  return {
    url: `https://localhost:${port}`,
    port,
    services: { db, mailboxes, secrets, delegatedTokens },
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
