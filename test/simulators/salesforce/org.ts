/** A Salesforce org: its id, data model, records, users, daily API allocation and session settings. */
import type { SimulatedClock } from "../shared/clock";
import type { IdGenerator } from "./ids";
import { ApiUsage } from "./limits";
import type { CustomFieldSpec } from "./objects/schema";
import { Schema } from "./objects/schema";
import type { FieldValue, StoredRecord } from "./objects/store";
import { OrgStore } from "./objects/store";

export interface OrgOptions {
  readonly name: string;
  readonly customFields?: readonly CustomFieldSpec[];
  /** Daily API request allocation (rolling 24 hours). */
  readonly dailyApiLimit: number;
  /** Access tokens die after this long without use (Salesforce's session timeout; default 2 hours). */
  readonly sessionTimeoutMs: number;
}

export interface UserInput {
  readonly username: string;
  readonly lastName: string;
  readonly firstName?: string;
  readonly email?: string;
  readonly alias?: string;
  readonly isActive?: boolean;
}

export interface UserInfo {
  readonly id: string;
  readonly orgId: string;
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly isActive: boolean;
}

export class Org {
  readonly schema: Schema;
  readonly store: OrgStore;
  readonly usage: ApiUsage;
  sessionTimeoutMs: number;
  private sharedActivitiesOn = true;
  private readonly userIds: string[] = [];

  constructor(
    readonly id: string,
    readonly options: OrgOptions,
    readonly ids: IdGenerator,
    readonly clock: SimulatedClock,
  ) {
    this.schema = new Schema(options.customFields);
    this.store = new OrgStore(this.schema);
    this.usage = new ApiUsage(clock, options.dailyApiLimit);
    this.sessionTimeoutMs = options.sessionTimeoutMs;
  }

  get name(): string {
    return this.options.name;
  }

  /** Shared Activities: one Task or Event related to many contacts, through TaskRelation / EventRelation. */
  get sharedActivities(): boolean {
    return this.sharedActivitiesOn;
  }

  setSharedActivities(on: boolean): void {
    this.sharedActivitiesOn = on;
    this.schema.setHidden("TaskRelation", !on);
    this.schema.setHidden("EventRelation", !on);
  }

  /** Adds a user directly (users are provisioned by an administrator, not through the simulated API). */
  addUser(input: UserInput): UserInfo {
    const id = this.ids.next("User");
    const now = this.clock.now();
    const creator = this.userIds[0] ?? id;
    const name = [input.firstName, input.lastName].filter((s): s is string => !!s).join(" ");
    const values = new Map<string, FieldValue>([
      ["Id", id],
      ["IsDeleted", false],
      ["CreatedDate", now],
      ["CreatedById", creator],
      ["LastModifiedDate", now],
      ["LastModifiedById", creator],
      ["SystemModstamp", now],
      ["Username", input.username],
      ["FirstName", input.firstName ?? null],
      ["LastName", input.lastName],
      ["Name", name],
      ["Email", input.email ?? input.username],
      ["Alias", input.alias ?? input.lastName.slice(0, 8).toLowerCase()],
      ["IsActive", input.isActive ?? true],
    ]);
    this.store.insert("User", id, values);
    this.userIds.push(id);
    return this.userInfo(id)!;
  }

  setUserActive(userId: string, active: boolean): void {
    const rec = this.userRecord(userId);
    if (!rec) throw new RangeError(`no user ${userId} in org ${this.id}`);
    this.store.update(rec, new Map([["IsActive", active]]));
  }

  /** The first user added: the org's administrator, and the default integration user. */
  get adminUserId(): string {
    const first = this.userIds[0];
    if (!first) throw new Error(`org ${this.id} has no users`);
    return first;
  }

  users(): readonly UserInfo[] {
    return this.userIds.map((id) => this.userInfo(id)!);
  }

  userRecord(userId: string): StoredRecord | undefined {
    const rec = this.store.get(userId);
    return rec && rec.type === "User" ? rec : undefined;
  }

  userInfo(userId: string): UserInfo | undefined {
    const rec = this.userRecord(userId);
    if (!rec) return undefined;
    const v = rec.values;
    return {
      id: rec.id,
      orgId: this.id,
      username: String(v.get("Username")),
      name: String(v.get("Name") ?? ""),
      email: String(v.get("Email") ?? ""),
      isActive: v.get("IsActive") === true,
    };
  }
}
