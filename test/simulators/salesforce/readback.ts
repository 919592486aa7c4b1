/**
 * What the CRM received, for tests to compare with ground truth: every Task and Event in insertion order with its
 * field values (as the API prints them) and its TaskRelation/EventRelation rows.
 */
import type { Org } from "./org";
import type { SObjectName } from "./objects/schema";
import type { StoredRecord } from "./objects/store";
import { toJson } from "./objects/values";

export type JsonValue = string | number | boolean | null;

export interface RelationView {
  readonly id: string;
  readonly relationId: string;
  readonly relationType: SObjectName | null;
  readonly isWhat: boolean;
  /** EventRelation only. */
  readonly isParent?: boolean;
  readonly isInvitee?: boolean;
  readonly deleted: boolean;
}

export interface ActivityView {
  readonly id: string;
  readonly type: "Task" | "Event";
  readonly deleted: boolean;
  readonly fields: Readonly<Record<string, JsonValue>>;
  readonly relations: readonly RelationView[];
}

export interface ActivitiesView {
  readonly tasks: readonly ActivityView[];
  readonly events: readonly ActivityView[];
}

export function fieldsOf(org: Org, record: StoredRecord): Record<string, JsonValue> {
  const def = org.schema.object(record.type)!;
  const out: Record<string, JsonValue> = {};
  for (const field of def.fields) out[field.name] = toJson(field, record.values.get(field.name));
  return out;
}

function relationsOf(org: Org, activity: StoredRecord, includeDeleted: boolean): RelationView[] {
  const type = activity.type === "Task" ? "TaskRelation" : "EventRelation";
  const parent = activity.type === "Task" ? "TaskId" : "EventId";
  return org.store
    .lookup(type, parent, activity.id)
    .filter((r) => includeDeleted || !r.deleted)
    .sort((a, b) => a.seq - b.seq)
    .map((r) => {
      const relationId = String(r.values.get("RelationId"));
      const view: RelationView = {
        id: r.id,
        relationId,
        relationType: org.store.get(relationId)?.type ?? null,
        isWhat: r.values.get("IsWhat") === true,
        deleted: r.deleted,
      };
      return r.type === "EventRelation"
        ? { ...view, isParent: r.values.get("IsParent") === true, isInvitee: r.values.get("IsInvitee") === true }
        : view;
    });
}

function activityViews(org: Org, type: "Task" | "Event", includeDeleted: boolean): ActivityView[] {
  const out: ActivityView[] = [];
  for (const rec of org.store.scan(type)) {
    if (rec.deleted && !includeDeleted) continue;
    out.push({ id: rec.id, type, deleted: rec.deleted, fields: fieldsOf(org, rec), relations: relationsOf(org, rec, includeDeleted) });
  }
  return out;
}

export function activities(org: Org, includeDeleted = false): ActivitiesView {
  return { tasks: activityViews(org, "Task", includeDeleted), events: activityViews(org, "Event", includeDeleted) };
}

export function records(org: Org, type: SObjectName, includeDeleted = false): Record<string, JsonValue>[] {
  const out: Record<string, JsonValue>[] = [];
  for (const rec of org.store.scan(type)) if (includeDeleted || !rec.deleted) out.push(fieldsOf(org, rec));
  return out;
}
