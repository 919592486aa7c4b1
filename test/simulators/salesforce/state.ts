/** Everything one running simulator holds: the clock, orgs and their users, OAuth clients and tokens, faults, counters. */
import { SimulatedClock } from "../shared/clock";
import { CallLog } from "./calls";
import { Faults } from "./faults";
import { IdGenerator } from "./ids";
import { ConnectedApps } from "./oauth/connectedApps";
import { SessionRegistry } from "./oauth/sessions";
import type { CustomFieldSpec } from "./objects/schema";
import type { UserInfo, UserInput } from "./org";
import { Org } from "./org";
import { QueryCursors } from "./rest/cursors";

export const DEFAULT_DAILY_API_LIMIT = 100_000;
export const DEFAULT_SESSION_TIMEOUT_MS = 2 * 3600 * 1000;

export interface NewOrg {
  readonly name?: string;
  readonly customFields?: readonly CustomFieldSpec[];
  readonly dailyApiLimit?: number;
  readonly sessionTimeoutMs?: number;
  /** The administrator / integration user; a default one is made when omitted. */
  readonly admin?: UserInput;
}

export class SimulatorState {
  readonly ids = new IdGenerator();
  readonly calls = new CallLog();
  readonly faults: Faults;
  readonly apps = new ConnectedApps();
  readonly sessions: SessionRegistry;
  readonly cursors: QueryCursors;
  private readonly orgs = new Map<string, Org>();
  private readonly usernames = new Map<string, { readonly orgId: string; readonly userId: string }>();
  /** Base URL of the server (login host and instance), known once it listens. */
  url = "";
  /** Who is "logged in" in the browser for the authorization-code flow when no login_hint is given. */
  interactiveUsername: string | null = null;
  /** Show the login + Allow/Deny page a browser drives, instead of approving at once as the interactive user. */
  authorizePages = false;

  constructor(readonly clock: SimulatedClock = new SimulatedClock()) {
    this.faults = new Faults(clock);
    this.sessions = new SessionRegistry(clock);
    this.cursors = new QueryCursors(clock, this.ids);
  }

  createOrg(spec: NewOrg = {}): Org {
    const n = this.orgs.size + 1;
    const org = new Org(
      this.ids.next("Organization"),
      {
        name: spec.name ?? `Simulated Org ${n}`,
        customFields: spec.customFields,
        dailyApiLimit: spec.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT,
        sessionTimeoutMs: spec.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      },
      this.ids,
      this.clock,
    );
    this.orgs.set(org.id, org);
    this.addUser(org, spec.admin ?? { username: `admin@org${n}.sim.example.com`, firstName: "Integration", lastName: "User" });
    return org;
  }

  addUser(org: Org, input: UserInput): UserInfo {
    const key = input.username.toLowerCase();
    if (this.usernames.has(key)) throw new RangeError(`username ${input.username} is already taken`);
    const user = org.addUser(input);
    this.usernames.set(key, { orgId: org.id, userId: user.id });
    return user;
  }

  org(orgId: string): Org | undefined {
    return this.orgs.get(orgId) ?? [...this.orgs.values()].find((o) => o.id.slice(0, 15) === orgId);
  }

  requireOrg(orgId: string): Org {
    const org = this.org(orgId);
    if (!org) throw new RangeError(`no org ${orgId}`);
    return org;
  }

  allOrgs(): readonly Org[] {
    return [...this.orgs.values()];
  }

  /** Usernames are unique across all orgs, as in Salesforce. */
  userByUsername(username: string): { org: Org; user: UserInfo } | null {
    const hit = this.usernames.get(username.toLowerCase());
    if (!hit) return null;
    const org = this.orgs.get(hit.orgId)!;
    return { org, user: org.userInfo(hit.userId)! };
  }

  identityUrl(orgId: string, userId: string): string {
    return `${this.url}/id/${orgId}/${userId}`;
  }
}
