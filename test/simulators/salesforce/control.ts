/**
 * The typed control surface tests drive the simulator with (the same operations are served over HTTP under
 * `/_control`, see controlHttp.ts). Inputs are validated with the schemas in controlSchemas.ts.
 */
import type { CallCounts } from "./calls";
import type { FaultStatus, ValidationRuleSpec } from "./faults";
import type { ConnectedAppSpec } from "./oauth/connectedApps";
import type {
  ConnectedAppInput,
  CreateOrgInput,
  InjectedErrorsInput,
  LatencyInput,
  LockErrorsInput,
  OutageInput,
  SeedInput,
  UserInputSpec,
} from "./controlSchemas";
import * as schemas from "./controlSchemas";
import { parseInput } from "./controlSchemas";
import type { CustomFieldSpec, SObjectName } from "./objects/schema";
import type { Org, UserInfo } from "./org";
import type { ActivitiesView, JsonValue } from "./readback";
import { activities, records } from "./readback";
import type { SeedResult } from "./seed";
import { seedOrg } from "./seed";
import type { SimulatorState } from "./state";

export interface OrgSummary {
  readonly orgId: string;
  readonly name: string;
  readonly admin: UserInfo;
  readonly users: readonly UserInfo[];
  readonly apiUsage: ApiUsageView;
  readonly sessionTimeoutMs: number;
}

export interface ApiUsageView {
  readonly used: number;
  readonly max: number;
}

export interface ConnectedAppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly instanceUrl: string;
  /** The identity URL (`…/id/{orgId}/{userId}`). */
  readonly id: string;
  readonly orgId: string;
  readonly userId: string;
}

export type {
  ConnectedAppInput,
  CreateOrgInput,
  InjectedErrorsInput,
  LatencyInput,
  LockErrorsInput,
  OutageInput,
  SeedInput,
  UserInputSpec,
} from "./controlSchemas";

export interface SalesforceControl {
  /** Orgs, in creation order; the simulator starts with one (`defaultOrg`). */
  orgs(): readonly OrgSummary[];
  createOrg(input?: CreateOrgInput): OrgSummary;
  addUsers(orgId: string, users: readonly UserInputSpec[]): readonly UserInfo[];
  setUserActive(orgId: string, userId: string, isActive: boolean): void;
  seed(orgId: string, spec: SeedInput): SeedResult;

  registerConnectedApp(input?: ConnectedAppInput): ConnectedAppCredentials;
  /** As if the user had completed the web-server flow for the app: a refresh token and a first access token. */
  issueRefreshToken(clientId: string, username: string): IssuedTokens;
  /** The user the authorization endpoint approves as when the request has no login_hint. */
  setInteractiveUser(username: string | null): void;
  /** On: /services/oauth2/authorize shows a login + Allow/Deny page (a browser drives it); off: approves at once. */
  setAuthorizePages(on: boolean): void;
  /** Refresh tokens revoked at the revoke endpoint or by the control API (rotation does not count). */
  revokedRefreshTokens(): number;

  /** Org settings an administrator changes in Setup. */
  setSharedActivities(orgId: string, on: boolean): void;
  /** Adds (or redefines) a custom field, e.g. the activity key on Task and Event. */
  addCustomField(orgId: string, spec: CustomFieldSpec): void;
  /** Deletes a field (or hides it from the API user). */
  removeField(orgId: string, object: SObjectName, name: string): boolean;

  startOutage(input?: OutageInput): void;
  endOutage(): void;
  failNextWritesWithLock(input: LockErrorsInput): void;
  failNextCalls(input: InjectedErrorsInput): void;
  /** A customer validation rule: matching records are refused one by one (FIELD_CUSTOM_VALIDATION_EXCEPTION), the rest saved. */
  addValidationRule(rule: ValidationRuleSpec): void;
  setLatency(input: LatencyInput): void;
  clearFaults(): void;
  faults(): FaultStatus;

  setDailyApiLimit(orgId: string, dailyApiLimit: number): void;
  exhaustApiLimit(orgId: string): void;
  resetApiUsage(orgId: string): void;
  apiUsage(orgId: string): ApiUsageView;

  /** Ends every live access token (of one org, or all); refresh tokens keep working. */
  expireSessions(orgId?: string): number;
  revokeRefreshTokens(orgId?: string): number;
  setSessionTimeout(orgId: string, sessionTimeoutMs: number): void;

  advanceClock(ms: number): void;
  now(): number;

  /** Every Task and Event the org holds, in insertion order, with their relations. */
  activities(orgId: string, options?: { readonly includeDeleted?: boolean }): ActivitiesView;
  records(orgId: string, type: SObjectName, options?: { readonly includeDeleted?: boolean }): Record<string, JsonValue>[];
  /** API calls by kind, for one org or summed over all. */
  callCounts(orgId?: string): CallCounts;
  resetCallCounts(): void;
}

function summary(org: Org): OrgSummary {
  return {
    orgId: org.id,
    name: org.name,
    admin: org.userInfo(org.adminUserId)!,
    users: org.users(),
    apiUsage: { used: org.usage.used(), max: org.usage.limit },
    sessionTimeoutMs: org.sessionTimeoutMs,
  };
}

export function createControl(state: SimulatorState): SalesforceControl {
  const org = (orgId: string) => state.requireOrg(orgId);
  return {
    orgs: () => state.allOrgs().map(summary),
    createOrg: (input) => summary(state.createOrg(parseInput(schemas.createOrgInput, input))),
    addUsers: (orgId, users) => {
      const o = org(orgId);
      return users.map((u) => state.addUser(o, parseInput(schemas.userInput, u)));
    },
    setUserActive: (orgId, userId, isActive) => org(orgId).setUserActive(userId, isActive),
    seed: (orgId, spec) => seedOrg(org(orgId), parseInput(schemas.seedInput, spec)),

    registerConnectedApp: (input) => {
      const app = state.apps.register(parseInput(schemas.connectedAppInput, input) as ConnectedAppSpec);
      return { clientId: app.clientId, clientSecret: app.clientSecret };
    },
    issueRefreshToken: (clientId, username) => {
      const { clientId: cid, username: name } = parseInput(schemas.tokenInput, { clientId, username });
      const app = state.apps.get(cid);
      if (!app) throw new RangeError(`no connected app ${cid}`);
      const found = state.userByUsername(name);
      if (!found) throw new RangeError(`no user ${name}`);
      const grant = state.sessions.issueRefresh(found.org.id, found.user.id, app.clientId);
      const session = state.sessions.issueAccess(found.org.id, found.user.id, app.clientId, grant.token);
      return {
        accessToken: session.token,
        refreshToken: grant.token,
        instanceUrl: state.url,
        id: state.identityUrl(found.org.id, found.user.id),
        orgId: found.org.id,
        userId: found.user.id,
      };
    },
    setInteractiveUser: (username) => {
      state.interactiveUsername = parseInput(schemas.interactiveUserInput, { username }).username;
    },
    setAuthorizePages: (on) => {
      state.authorizePages = on;
    },
    revokedRefreshTokens: () => state.sessions.revokedExplicitly(),
    setSharedActivities: (orgId, on) => org(orgId).setSharedActivities(on),
    addCustomField: (orgId, spec) => org(orgId).schema.addCustomField(parseInput(schemas.customFieldInput, spec) as CustomFieldSpec),
    removeField: (orgId, object, name) => org(orgId).schema.removeField(object, name),

    startOutage: (input) => state.faults.startOutage(parseInput(schemas.outageInput, input)),
    endOutage: () => state.faults.endOutage(),
    failNextWritesWithLock: (input) => state.faults.addLockErrors(parseInput(schemas.lockErrorsInput, input)),
    failNextCalls: (input) => state.faults.addInjectedErrors(parseInput(schemas.injectedErrorsInput, input)),
    addValidationRule: (rule) => state.faults.addValidationRule(parseInput(schemas.validationRuleInput, rule) as ValidationRuleSpec),
    setLatency: (input) => state.faults.setLatency(parseInput(schemas.latencyInput, input)),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.status(),

    setDailyApiLimit: (orgId, dailyApiLimit) => org(orgId).usage.setLimit(parseInput(schemas.dailyLimitInput, { dailyApiLimit }).dailyApiLimit),
    exhaustApiLimit: (orgId) => org(orgId).usage.exhaust(),
    resetApiUsage: (orgId) => org(orgId).usage.reset(),
    apiUsage: (orgId) => ({ used: org(orgId).usage.used(), max: org(orgId).usage.limit }),

    expireSessions: (orgId) => state.sessions.expireSessions(orgId === undefined ? undefined : org(orgId).id),
    revokeRefreshTokens: (orgId) => state.sessions.revokeRefreshTokens(orgId === undefined ? undefined : org(orgId).id),
    setSessionTimeout: (orgId, sessionTimeoutMs) => {
      org(orgId).sessionTimeoutMs = parseInput(schemas.sessionTimeoutInput, { sessionTimeoutMs }).sessionTimeoutMs;
    },

    advanceClock: (ms) => state.clock.advance(parseInput(schemas.advanceClockInput, { ms }).ms),
    now: () => state.clock.now(),

    activities: (orgId, options) => activities(org(orgId), options?.includeDeleted ?? false),
    records: (orgId, type, options) => records(org(orgId), type, options?.includeDeleted ?? false),
    callCounts: (orgId) => state.calls.snapshot(orgId === undefined ? undefined : org(orgId).id),
    resetCallCounts: () => state.calls.reset(),
  };
}
