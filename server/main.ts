import { createServer } from "node:https";
import type { Router } from "express";
import type { AddressInfo, Server as NetServer } from "node:net";
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
import { EmbeddedVacuum } from "./jobs/embeddedVacuum";
import { Scheduler } from "./jobs/scheduler";
import { SyncQueue } from "./jobs/syncQueue";
import { LiveSyncEnvironment } from "./jobs/syncEnvironment";
import { SyncRunner } from "./jobs/syncRunner";
import { startMetricsListener } from "./http/metricsListener";
import { countQueries } from "./metrics/countedDatabase";
import type { MetricsListener } from "./http/metricsListener";
import type { Logger } from "./logger";
import { ServerMetrics } from "./metrics/serverMetrics";
import { loadKeyRing } from "./security/loadKeyRing";
import { ActivationRepository } from "./store/activationRepository";
import { BudgetShareRepository } from "./store/budgetShareRepository";
import { AuditLog } from "./store/auditLog";
import { ConnectStateRepository } from "./store/connectStateRepository";
import { CrmConnectAttempts } from "./store/crmConnectAttempts";
import { CrmConnectionRepository } from "./store/crmConnectionRepository";
import type { Database } from "./store/database";
import { MailboxRepository } from "./store/mailboxRepository";
import { createRateLimits } from "./http/rateLimits";
import { NetworkList } from "./net/addressRanges";
import type { ServerFence } from "./net/userServers";
import { openDatabase } from "./store/openDatabase";
import { ScheduleRepository } from "./store/scheduleRepository";
import { SecretStore } from "./store/secretStore";
import { ServiceAccountRepository } from "./store/serviceAccountRepository";
import { OnpremRepository } from "./store/onpremRepository";
import type { HostResolver } from "./mailbox/onprem/hostResolver";
import { systemResolver } from "./mailbox/onprem/hostResolver";
import type { DiscoveryDeps } from "./mailbox/onprem/autodiscoverChain";
import { discoverMailbox } from "./mailbox/onprem/autodiscoverChain";
import { onpremTrustRoots } from "./mailbox/onprem/trustRoots";
import { createUserServerHttp } from "./mailbox/onprem/userServerHttp";
import { TenantRepository } from "./store/tenantRepository";
import { ensureDevCertificates, loadTlsMaterial } from "./tls/devCertificates";
import { serverTlsOptions } from "./tls/serverTls";

export interface RunningServer {
  /** Where the HTTP server listens; empty for a worker-only process (ROLE=worker), which serves no HTTP. */
  readonly url: string;
  readonly port: number;
  /** The separate metrics port (METRICS_PORT), when configured. */
  readonly metricsPort: number | null;
  /** The services, for tests and tools that drive the server in-process. */
  readonly services: Services;
  /**
   * Stops taking work and closes. Running syncs finish the page in hand; after `deadlineMs` (default: the configured
   * shutdown deadline) they are given up and this worker's leases released.
   */
  close(deadlineMs?: number): Promise<void>;
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
  /** The turns queue (pg-boss). */
  readonly queue: SyncQueue;
  readonly serviceAccounts: ServiceAccountRepository;
  readonly activations: ActivationService;
  readonly environment: LiveSyncEnvironment;
  /** Connecting the organisation's Salesforce (the demo connects through it too). */
  readonly crmConnect: SalesforceConnectFlow;
  readonly crmTokens: OrgTokens;
  readonly crmKeepAlive: CrmKeepAlive;
  readonly vacuum: EmbeddedVacuum;
  readonly preflight: Preflight;
  readonly onprem: OnpremRepository;
}

export interface StartOptions {
  /** Run the minute scheduler (default, when the role syncs). Tests that drive syncs themselves turn it off. */
  readonly scheduler?: boolean;
  /** This process's name in leases. */
  readonly workerId?: string;
  /** Demo-only pages the start script composes (scripts/demo); mounted only when config.demo is on. */
  readonly demoRoutes?: Router;
  /** Name resolution for the servers reps name (Autodiscover hosts, SRV); default the system's DNS. */
  readonly resolver?: HostResolver;
  /**
   * A socket already bound and listening (on PORT) that the HTTPS server takes over instead of binding PORT itself:
   * whoever bound it knew the port before the server started (the public URL names it), with no moment in between
   * when another process could take it. The server owns it from then on and closes it when it closes.
   */
  readonly listenOn?: NetServer;
}

/** Composition root: config -> store -> services -> http (+ jobs). Nothing else wires things together. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const ring = loadKeyRing(config.secretKeys);
  const db = countQueries(await openDatabase(config.storage));
  const secrets = new SecretStore(db, ring);
  const mailboxes = new MailboxRepository(db);
  const tenants = new TenantRepository(db);
  const states = new ConnectStateRepository(db);
  const audit = new AuditLog(db);
  const metadata = new AuthorityMetadataCache(config.microsoft.authorityHost);
  const verifier = new CallerTokenVerifier({ authorityHost: config.microsoft.authorityHost, clientId: config.microsoft.clientId, tenant: config.microsoft.tenant });
  const connect = new ConnectService({ config, states, mailboxes, tenants, secrets, metadata, logger });
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
  const vacuum = new EmbeddedVacuum(db, logger);
  const limits = createRateLimits(db);
  const fence: ServerFence = { allowedPrivate: new NetworkList(config.allowedPrivateNetworks) };
  const onprem = new OnpremRepository(db, secrets);
  const workerId = options.workerId ?? `${process.pid}@${(await import("node:os")).hostname()}`;
  // One process alone on its embedded store needs no shares: its own limiter is the whole budget.
  const fleetBudgets = db.kind === "postgres" ? { shares: new BudgetShareRepository(db), worker: workerId, logger } : undefined;
  const resolver = options.resolver ?? systemResolver;
  // Autodiscover as reps' on-premises servers answer it: for a rep's setup, and again when a synced mailbox has moved.
  const discovery: DiscoveryDeps = {
    http: createUserServerHttp({ resolver, fence, ca: onpremTrustRoots(config.onpremTrustedCaFile), maxBytes: 1024 * 1024 }),
    resolver,
    stepTimeoutMs: Math.min(config.sync.ewsTimeoutMs, 10_000),
    maxHops: 10,
    onlineDomains: ["mail.onmicrosoft.com", "onmicrosoft.com", "outlook.com"],
  };
  const environment = new LiveSyncEnvironment({
    config,
    delegatedTokens,
    appOnlyTokens,
    crm: orgConnections,
    tenants,
    serviceAccounts,
    fence,
    mailboxes,
    audit,
    onprem,
    rediscover: (r) => discoverMailbox(discovery, r),
    fleetBudgets,
  });
  const runner = new SyncRunner({
    db,
    schedule,
    env: environment,
    logger,
    workerId,
    intervalMinutes: config.sync.intervalMinutes,
    leaseSeconds: config.sync.leaseSeconds,
    pageSize: config.sync.pageSize,
  });
  // The turns queue (pg-boss) in the same database, embedded or PostgreSQL: web processes add to it, workers take from it.
  const queue = await SyncQueue.open(db, { expireSeconds: Math.max(60, runner.leaseSeconds * 2), logger });
  const scheduler = new Scheduler(schedule, queue, runner, logger, { concurrency: config.sync.concurrency, cycleSeconds: config.sync.cycleSeconds });
  const activationJobs = new ActivationRepository(db);
  const activations = new ActivationService({
    db,
    activations: activationJobs,
    mailboxes,
    secrets,
    serviceAccounts,
    tenants,
    openManaged: (t) => environment.openManaged(t),
    audit,
    logger,
    concurrency: config.sync.ewsCallsPerAccount,
    probes: queue,
  });
  const serviceAccountSetup = { serviceAccounts, openEndpoint: environment.openEndpoint.bind(environment), audit, timeoutMs: config.sync.ewsTimeoutMs, fence };

  const onpremSetup = new OnpremSetup({
    onprem,
    discovery,
    fence,
    openEndpoint: environment.openEndpoint.bind(environment),
    audit,
    ewsTimeoutMs: config.sync.ewsTimeoutMs,
    syncSoon: (id) => void scheduler.request(id, "sync_now"),
  });

  // The queue /metrics shows is pg-boss's, fleet-wide.
  const metrics = new ServerMetrics({ db, queueDepth: () => queue.depth(), logger });

  const serves = config.role !== "worker";
  const syncs = config.role !== "web";
  // Any process adds the turn to the queue; whichever worker is free takes it.
  const syncSoon = (id: string, trigger: "sync_now" | "retry") => void scheduler.request(id, trigger);
  let server: ReturnType<typeof createServer> | null = null;
  let port = 0;
  if (serves) {
    const tls =
      config.http.tls.kind === "files"
        ? loadTlsMaterial({ certFile: config.http.tls.certFile, keyFile: config.http.tls.keyFile, caFile: "" })
        : await ensureDevCertificates(config.http.tls.dir);
    const app = createHttpApp({
      config,
      db,
      logger,
      metrics,
      demoRoutes: options.demoRoutes,
      apiRouters: [clientConfigRouter(config), connectRouter({ config, connect, adminConsent, audit, logger, limits }), crmRouter({ verifier, flow: crmConnect, preflight, connections: crmConnections, audit, logger }),
        meRouter({ config, verifier, mailboxes, crmConnections, schedule, secrets, connect, audit, logger, syncSoon: (id) => syncSoon(id, "sync_now"), limits }),
        adminRouter({ verifier, activations: activationJobs, activationService: activations, serviceAccountSetup, limits }),
        onpremRouter({ verifier, mailboxes, onprem, setup: onpremSetup, audit }),
        consoleRouter({ limits, config, db, verifier, mailboxes, tenants, crmConnections, serviceAccounts, secrets, audit, openSource: (m) => environment.openSource(m), syncSoon }),
        peopleRouter({ db, verifier, mailboxes, tenants, crmFor: (t) => environment.crmFor(t), policyFor: (m) => environment.policyFor(m), logger })],
    });
    const https = createServer(serverTlsOptions(tls), app);
    server = https;
    await new Promise<void>((resolve, reject) => {
      https.once("error", reject);
      if (options.listenOn) https.listen(options.listenOn, () => resolve());
      else https.listen(config.http.port, config.http.host, () => resolve());
    });
    port = (https.address() as AddressInfo).port;
  }
  logger.info({ port, store: db.kind, demo: config.demo, role: config.role }, serves ? "server listening" : "sync worker started (no HTTP)");
  let metricsListener: MetricsListener | null = null;
  if (config.metrics.listener) {
    metricsListener = await startMetricsListener({ ...config.metrics.listener, metrics, allow: config.metrics.allow, logger });
    logger.info({ port: metricsListener.port, allow: config.metrics.allow.entries }, "metrics listening (plain HTTP)");
  }
  if (syncs) {
    // The embedded store is this process's alone: a lease in it is from before a restart, and its holder is dead.
    if (db.kind === "embedded") {
      const freed = await schedule.releaseStale();
      if (freed > 0) logger.info({ mailboxes: freed }, "released the leases of the previous run of this server");
    }
    if (options.scheduler ?? true) {
      scheduler.start();
      crmKeepAlive.start();
      vacuum.start();
    }
    const resumed = await activations.resume();
    if (resumed > 0) logger.info({ jobs: resumed }, "carrying on with unfinished mass activations");
  }
  return {
    url: serves ? `https://localhost:${port}` : "",
    port,
    metricsPort: metricsListener?.port ?? null,
    services: { db, mailboxes, tenants, secrets, delegatedTokens, crmConnections, runner, scheduler, queue, serviceAccounts, activations, environment, crmConnect, crmTokens, crmKeepAlive, vacuum, preflight, onprem },
    async close(deadlineMs = config.shutdownDeadlineSeconds * 1000) {
      const http = server;
      // The HTTP side stops taking requests while the syncs finish their pages.
      const httpClosed = http ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
      http?.closeIdleConnections();
      await activations.stop();
      await scheduler.stop(deadlineMs);
      await crmKeepAlive.stop();
      await vacuum.stop();
      await queue.close();
      await environment.close();
      await metricsListener?.close();
      http?.closeAllConnections();
      await httpClosed;
      await db.close();
    },
  };
}
