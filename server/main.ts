import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ActivationService } from "./admin/activationService";
import { OnpremSetup } from "./admin/onpremSetup";
import { adminRouter } from "./api/adminRouter";
import { onpremRouter } from "./api/onpremRouter";
import { clientConfigRouter } from "./api/clientConfigRouter";
import { consoleRouter } from "./api/consoleRouter";
import { connectRouter } from "./api/connectRouter";
import { crmRouter } from "./api/crmRouter";
import { meRouter } from "./api/meRouter";
import { peopleRouter } from "./api/peopleRouter";
import type { Config } from "./config";
import { SalesforceConnectFlow } from "./crm/salesforce/connectFlow";
import { OrgConnections } from "./crm/salesforce/orgConnections";
import { OrgTokens } from "./crm/salesforce/orgTokens";
import { Preflight } from "./crm/salesforce/preflight";
import { createHttpApp } from "./http/app";
import { AdminConsentService } from "./identity/adminConsentService";
import { AppOnlyTokens } from "./identity/appOnlyTokens";
import { AuthorityMetadataCache } from "./identity/authorityMetadata";
import { CallerTokenVerifier } from "./identity/callerToken";
import { ConnectService } from "./identity/connectService";
import { DelegatedTokens } from "./identity/delegatedTokens";
import { CrmKeepAlive } from "./jobs/crmKeepAlive";
import { Scheduler } from "./jobs/scheduler";
import { LiveSyncEnvironment } from "./jobs/syncEnvironment";
import { SyncRunner } from "./jobs/syncRunner";
import type { Logger } from "./logger";
import { loadKeyRing } from "./security/loadKeyRing";
import { ActivationRepository } from "./store/activationRepository";
import { AuditLog } from "./store/auditLog";
import { ConnectStateRepository } from "./store/connectStateRepository";
import { CrmConnectAttempts } from "./store/crmConnectAttempts";
import { CrmConnectionRepository } from "./store/crmConnectionRepository";
import type { Database } from "./store/database";
import { MailboxRepository } from "./store/mailboxRepository";
import { NetworkList } from "./net/addressRanges";
import type { ServerFence } from "./net/userServers";
import { openDatabase } from "./store/openDatabase";
import { ScheduleRepository } from "./store/scheduleRepository";
import { SecretStore } from "./store/secretStore";
import { ServiceAccountRepository } from "./store/serviceAccountRepository";
import { OnpremRepository } from "./store/onpremRepository";
import type { HostResolver } from "./mailbox/onprem/hostResolver";
import { systemResolver } from "./mailbox/onprem/hostResolver";
import { onpremTrustRoots } from "./mailbox/onprem/trustRoots";
import { createUserServerHttp } from "./mailbox/onprem/userServerHttp";
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
  readonly tenants: TenantRepository;
  readonly secrets: SecretStore;
  readonly delegatedTokens: DelegatedTokens;
  readonly crmConnections: CrmConnectionRepository;
  readonly runner: SyncRunner;
  readonly scheduler: Scheduler;
  readonly serviceAccounts: ServiceAccountRepository;
  readonly activations: ActivationService;
  readonly environment: LiveSyncEnvironment;
  /** Connecting the organisation's Salesforce (the demo connects through it too). */
  readonly crmConnect: SalesforceConnectFlow;
  readonly crmTokens: OrgTokens;
  readonly crmKeepAlive: CrmKeepAlive;
  readonly preflight: Preflight;
  readonly onprem: OnpremRepository;
}

export interface StartOptions {
  /** Run the minute scheduler (default). Tests that drive syncs themselves turn it off. */
  readonly scheduler?: boolean;
  /** This process's name in leases. */
  readonly workerId?: string;
  /** Name resolution for the servers reps name (Autodiscover hosts, SRV); default the system's DNS. */
  readonly resolver?: HostResolver;
}

/** Composition root: config -> store -> services -> http (+ jobs). Nothing else wires things together. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
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
  const crmConnections = new CrmConnectionRepository(db, secrets);
  const schedule = new ScheduleRepository(db);
  const appOnlyTokens = new AppOnlyTokens(config, metadata, logger);
  const serviceAccounts = new ServiceAccountRepository(db, secrets);
  const crmTokens = new OrgTokens({ config, db, connections: crmConnections, logger });
  const orgConnections = new OrgConnections({ config, connections: crmConnections, tokens: crmTokens, logger });
  const preflight = new Preflight({ config, connections: crmConnections, tokens: crmTokens, repEmails: (t) => mailboxes.activeEmails(t) });
  const crmConnect = new SalesforceConnectFlow({
    config,
    states,
    attempts: new CrmConnectAttempts(db),
    secrets,
    connections: crmConnections,
    orgs: orgConnections,
    tokens: crmTokens,
    schedule,
    ensureTenant: (t) => mailboxes.ensureTenant(t),
    audit,
    logger,
    preflight: (t) => preflight.run(t),
  });
  const crmKeepAlive = new CrmKeepAlive(crmConnections, crmTokens, logger);
  const fence: ServerFence = { allowedPrivate: new NetworkList(config.allowedPrivateNetworks) };
  const onprem = new OnpremRepository(db, secrets);
  const environment = new LiveSyncEnvironment({ config, delegatedTokens, appOnlyTokens, crm: orgConnections, tenants, serviceAccounts, fence, onprem });
  const runner = new SyncRunner({
    db,
    schedule,
    env: environment,
    logger,
    workerId: options.workerId ?? `${process.pid}@${(await import("node:os")).hostname()}`,
    intervalMinutes: config.sync.intervalMinutes,
  });
  const scheduler = new Scheduler(schedule, runner, logger, { concurrency: config.sync.concurrency });
  const activationJobs = new ActivationRepository(db);
  const activations = new ActivationService({
    db,
    activations: activationJobs,
    mailboxes,
    secrets,
    serviceAccounts,
    openManaged: (t) => environment.openManaged(t),
    audit,
    logger,
    concurrency: config.sync.ewsCallsPerAccount,
  });
  const serviceAccountSetup = { serviceAccounts, openEndpoint: environment.openEndpoint.bind(environment), audit, timeoutMs: config.sync.ewsTimeoutMs, fence };

  const resolver = options.resolver ?? systemResolver;
  const onpremSetup = new OnpremSetup({
    onprem,
    discovery: {
      http: createUserServerHttp({ resolver, fence, ca: onpremTrustRoots(config.onpremTrustedCaFile), maxBytes: 1024 * 1024 }),
      resolver,
      stepTimeoutMs: Math.min(config.sync.ewsTimeoutMs, 10_000),
      maxHops: 10,
      onlineDomains: ["mail.onmicrosoft.com", "onmicrosoft.com", "outlook.com"],
    },
    fence,
    openEndpoint: environment.openEndpoint.bind(environment),
    audit,
    ewsTimeoutMs: config.sync.ewsTimeoutMs,
    syncSoon: (id) => void scheduler.enqueue(id, "sync_now"),
  });

  const tls =
    config.http.tls.kind === "files"
      ? loadTlsMaterial({ certFile: config.http.tls.certFile, keyFile: config.http.tls.keyFile, caFile: "" })
      : await ensureDevCertificates(config.http.tls.dir);
  const app = createHttpApp({
    config,
    db,
    logger,
    apiRouters: [clientConfigRouter(config), connectRouter({ config, connect, adminConsent, audit, logger }), crmRouter({ verifier, flow: crmConnect, preflight, connections: crmConnections, audit, logger }),
      meRouter({ config, verifier, mailboxes, crmConnections, schedule, secrets, connect, audit, logger, syncSoon: (id) => void scheduler.enqueue(id, "sync_now") }),
      adminRouter({ verifier, activations: activationJobs, activationService: activations, serviceAccountSetup }),
      onpremRouter({ verifier, mailboxes, onprem, setup: onpremSetup, audit }),
      consoleRouter({ config, db, verifier, mailboxes, tenants, crmConnections, serviceAccounts, secrets, audit, openSource: (m) => environment.openSource(m), syncSoon: (id, trigger) => void scheduler.enqueue(id, trigger) }),
      peopleRouter({ db, verifier, mailboxes, tenants, crmFor: (t) => environment.crmFor(t), policyFor: (m) => environment.policyFor(m), logger })],
  });
  const server = createServer({ cert: tls.cert, key: tls.key }, app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, store: db.kind, demo: config.demo }, "server listening");
  if (options.scheduler ?? true) {
    scheduler.start();
    crmKeepAlive.start();
  }
  const resumed = await activations.resume();
  if (resumed > 0) logger.info({ jobs: resumed }, "carrying on with unfinished mass activations");
  return {
    url: `https://localhost:${port}`,
    port,
    services: { db, mailboxes, tenants, secrets, delegatedTokens, crmConnections, runner, scheduler, serviceAccounts, activations, environment, crmConnect, crmTokens, crmKeepAlive, preflight, onprem },
    async close() {
      await activations.stop();
      await scheduler.stop();
      await crmKeepAlive.stop();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
