/**
 * Tasks and Events with Shared Activities enabled: the primary WhoId/WhatId are mirrored as TaskRelation/EventRelation
 * rows, extra relations link one activity to up to 50 contacts (or one lead) and one "what", and adding or removing
 * relations keeps the activity's WhoId/WhatId pointing at a related record.
 */
import type { RecordFailure } from "../errors";
import { failure } from "../errors";
import type { Behaviour } from "./behaviours";
import type { SObjectName } from "./schema";
import type { FieldValue, StoredRecord } from "./store";
import { formatDate } from "./values";
import type { DmlContext } from "./writes";
import { asPlatform, writeChanges, writeDeleted, writeNew } from "./writes";

const MAX_CONTACTS_PER_ACTIVITY = 50;
const MAX_EVENT_MINUTES = 14 * 24 * 60;
const DAY_MS = 24 * 3600 * 1000;

type ActivityType = "Task" | "Event";
type RelationType = "TaskRelation" | "EventRelation";

const RELATION_OF: Record<ActivityType, { readonly type: RelationType; readonly parentField: "TaskId" | "EventId" }> = {
  Task: { type: "TaskRelation", parentField: "TaskId" },
  Event: { type: "EventRelation", parentField: "EventId" },
};

function typeOf(ctx: DmlContext, id: FieldValue | undefined): SObjectName | null {
  if (typeof id !== "string") return null;
  return ctx.org.store.get(id)?.type ?? null;
}

/** The account an activity rolls up to: its What when that is an account, else its contact's account. */
function activityAccount(ctx: DmlContext, whoId: FieldValue | undefined, whatId: FieldValue | undefined): FieldValue {
  if (typeOf(ctx, whatId) === "Account") return whatId ?? null;
  if (typeOf(ctx, whoId) === "Contact") return ctx.org.store.get(whoId as string)?.values.get("AccountId") ?? null;
  return null;
}

function leadWithWhat(ctx: DmlContext, values: ReadonlyMap<string, FieldValue>): RecordFailure | null {
  if (typeOf(ctx, values.get("WhoId")) === "Lead" && (values.get("WhatId") ?? null) !== null)
    return failure("FIELD_INTEGRITY_EXCEPTION", "Related To ID: You can't associate a lead with a Related To record.", ["WhatId"]);
  return null;
}

function liveRelations(ctx: DmlContext, activity: ActivityType, activityId: string): readonly StoredRecord[] {
  const { type, parentField } = RELATION_OF[activity];
  return ctx.org.store.lookupLive(type, parentField, activityId);
}

/** A relation that makes its target one of the activity's people (not an invitee-only or "what" relation). */
function isWhoRelation(rel: StoredRecord): boolean {
  if (rel.values.get("IsWhat") === true) return false;
  if (rel.type === "EventRelation" && rel.values.get("IsParent") !== true) return false;
  return true;
}

function relationValues(ctx: DmlContext, activity: ActivityType, activityId: string, relationId: string, isWhat: boolean): Map<string, FieldValue> {
  const { parentField } = RELATION_OF[activity];
  const values = new Map<string, FieldValue>([
    [parentField, activityId],
    ["RelationId", relationId],
    ["IsWhat", isWhat],
    ["AccountId", relationAccount(ctx, relationId)],
  ]);
  if (activity === "Event") {
    values.set("IsParent", true);
    values.set("IsInvitee", false);
    values.set("Status", "New");
    values.set("Response", null);
    values.set("RespondedDate", null);
  }
  return values;
}

function relationAccount(ctx: DmlContext, relationId: FieldValue | undefined): FieldValue {
  const t = typeOf(ctx, relationId);
  if (t === "Account") return relationId ?? null;
  if (t === "Contact") return ctx.org.store.get(relationId as string)?.values.get("AccountId") ?? null;
  return null;
}

/** Keeps one relation row per primary Who and What, replacing the row of a Who/What the update moved away from. */
function syncPrimaryRelations(ctx: DmlContext, activity: ActivityType, record: StoredRecord, before: ReadonlyMap<string, FieldValue> | null): void {
  const platform = asPlatform(ctx);
  const { type } = RELATION_OF[activity];
  const relations = liveRelations(ctx, activity, record.id);
  for (const [field, isWhat] of [
    ["WhoId", false],
    ["WhatId", true],
  ] as const) {
    const now = record.values.get(field) ?? null;
    const old = before?.get(field) ?? null;
    if (old !== null && old !== now) {
      const stale = relations.find((r) => r.values.get("RelationId") === old && !r.deleted);
      if (stale) writeDeleted(platform, stale);
    }
    if (typeof now === "string" && !relations.some((r) => r.values.get("RelationId") === now && !r.deleted))
      writeNew(platform, type, relationValues(ctx, activity, record.id, now, isWhat));
  }
}

function cascadeRelations(ctx: DmlContext, activity: ActivityType, record: StoredRecord): void {
  const platform = asPlatform(ctx);
  for (const rel of liveRelations(ctx, activity, record.id)) writeDeleted(platform, rel);
}

export const taskBehaviour: Behaviour = {
  derive(ctx, values, before) {
    const closed = values.get("Status") === "Completed";
    values.set("IsClosed", closed);
    const wasClosed = before?.values.get("IsClosed") === true;
    if (!closed) values.set("CompletedDateTime", null);
    else if (!wasClosed) values.set("CompletedDateTime", ctx.org.clock.now());
    values.set("AccountId", activityAccount(ctx, values.get("WhoId"), values.get("WhatId")));
  },
  validate(ctx, values) {
    return leadWithWhat(ctx, values);
  },
  afterWrite(ctx, record, before) {
    syncPrimaryRelations(ctx, "Task", record, before);
    return null;
  },
  beforeDelete(ctx, record) {
    cascadeRelations(ctx, "Task", record);
  },
};

function num(v: FieldValue | undefined): number | null {
  return typeof v === "number" ? v : null;
}

export const eventBehaviour: Behaviour = {
  derive(ctx, values, _before, sent) {
    if (sent.has("ActivityDateTime") && !sent.has("StartDateTime")) values.set("StartDateTime", values.get("ActivityDateTime") ?? null);
    const allDay = values.get("IsAllDayEvent") === true;
    let start = num(values.get("StartDateTime"));
    if (allDay) {
      const day = start !== null ? formatDate(start) : (values.get("ActivityDate") as string | null);
      if (day) {
        start = Date.parse(`${day}T00:00:00Z`);
        const end = num(values.get("EndDateTime"));
        const days = sent.has("DurationInMinutes") && !sent.has("EndDateTime")
          ? Math.max(1, Math.round((num(values.get("DurationInMinutes")) ?? 1440) / 1440))
          : end !== null ? Math.max(1, Math.floor((Date.parse(`${formatDate(end)}T00:00:00Z`) - start) / DAY_MS) + 1) : 1;
        values.set("StartDateTime", start);
        values.set("EndDateTime", start + (days - 1) * DAY_MS);
        values.set("DurationInMinutes", days * 1440);
        values.set("ActivityDate", day);
        values.set("ActivityDateTime", start);
      }
    } else if (start !== null) {
      const duration = num(values.get("DurationInMinutes"));
      if (sent.has("DurationInMinutes") && !sent.has("EndDateTime") && duration !== null) values.set("EndDateTime", start + duration * 60_000);
      const end = num(values.get("EndDateTime"));
      values.set("DurationInMinutes", end === null ? null : Math.round((end - start) / 60_000));
      values.set("ActivityDateTime", start);
      values.set("ActivityDate", formatDate(start));
    }
    values.set("AccountId", activityAccount(ctx, values.get("WhoId"), values.get("WhatId")));
  },
  validate(ctx, values) {
    const allDay = values.get("IsAllDayEvent") === true;
    const start = num(values.get("StartDateTime"));
    const end = num(values.get("EndDateTime"));
    if (allDay && start === null) return failure("REQUIRED_FIELD_MISSING", "Required fields are missing: [ActivityDate]", ["ActivityDate"]);
    if (!allDay && start === null) return failure("REQUIRED_FIELD_MISSING", "Required fields are missing: [StartDateTime]", ["StartDateTime"]);
    if (!allDay && end === null) return failure("REQUIRED_FIELD_MISSING", "Required fields are missing: [EndDateTime]", ["EndDateTime"]);
    if (start !== null && end !== null && end < start)
      return failure("FIELD_INTEGRITY_EXCEPTION", "End Date Time: The end of an event can't be before its start.", ["EndDateTime"]);
    const minutes = num(values.get("DurationInMinutes"));
    if (minutes !== null && minutes > MAX_EVENT_MINUTES)
      return failure("FIELD_INTEGRITY_EXCEPTION", "Event duration can't exceed 14 days.", ["EndDateTime"]);
    return leadWithWhat(ctx, values);
  },
  afterWrite(ctx, record, before) {
    syncPrimaryRelations(ctx, "Event", record, before);
    return null;
  },
  beforeDelete(ctx, record) {
    cascadeRelations(ctx, "Event", record);
  },
};

function relationBehaviour(activity: ActivityType): Behaviour {
  const { parentField } = RELATION_OF[activity];
  return {
    derive(ctx, values) {
      const targetType = typeOf(ctx, values.get("RelationId"));
      const isWhat = targetType === "Account";
      values.set("IsWhat", isWhat);
      values.set("AccountId", relationAccount(ctx, values.get("RelationId")));
      if (activity === "Event" && isWhat) {
        values.set("IsParent", true);
        values.set("IsInvitee", false);
      }
    },
    validate(ctx, values, before) {
      if (before) return null;
      const parentId = values.get(parentField) as string;
      const relationId = values.get("RelationId") as string;
      const targetType = typeOf(ctx, relationId);
      const existing = liveRelations(ctx, activity, parentId);
      if (existing.some((r) => r.values.get("RelationId") === relationId))
        return failure("DUPLICATE_VALUE", "duplicate value found: <unknown> duplicates value on record with id: <unknown>");
      if (values.get("IsWhat") === true) {
        if (existing.some((r) => r.values.get("IsWhat") === true))
          return failure("FIELD_INTEGRITY_EXCEPTION", "An activity can be related to only one Related To record.", ["RelationId"]);
        return null;
      }
      if (activity === "Event") {
        const isParent = values.get("IsParent") === true;
        if (targetType === "User" && isParent)
          return failure("FIELD_INTEGRITY_EXCEPTION", "Relation ID: a user can only be an invitee.", ["IsParent"]);
        if (!isParent && values.get("IsInvitee") !== true)
          return failure("FIELD_INTEGRITY_EXCEPTION", "An event relation must be a parent, an invitee, or both.", ["IsParent", "IsInvitee"]);
        if (!isParent) return null;
      }
      const people = existing.filter(isWhoRelation).map((r) => typeOf(ctx, r.values.get("RelationId")));
      if (targetType === "Lead" ? people.length > 0 : people.includes("Lead"))
        return failure("FIELD_INTEGRITY_EXCEPTION", "An activity can be related to one lead or to contacts, not both.", ["RelationId"]);
      if (people.length >= MAX_CONTACTS_PER_ACTIVITY)
        return failure("FIELD_INTEGRITY_EXCEPTION", `An activity can be related to at most ${MAX_CONTACTS_PER_ACTIVITY} contacts.`, ["RelationId"]);
      return null;
    },
    afterWrite(ctx, record, before) {
      if (before) return null;
      const parent = ctx.org.store.get(record.values.get(parentField) as string);
      if (!parent) return null;
      const slot = record.values.get("IsWhat") === true ? "WhatId" : isWhoRelation(record) ? "WhoId" : null;
      if (slot && (parent.values.get(slot) ?? null) === null) {
        const changes = new Map<string, FieldValue>([[slot, record.values.get("RelationId") ?? null]]);
        const who = slot === "WhoId" ? changes.get("WhoId") : parent.values.get("WhoId");
        const what = slot === "WhatId" ? changes.get("WhatId") : parent.values.get("WhatId");
        changes.set("AccountId", activityAccount(ctx, who, what));
        writeChanges(asPlatform(ctx), parent, changes);
      }
      return null;
    },
    beforeDelete(ctx, record) {
      const parent = ctx.org.store.get(record.values.get(parentField) as string);
      if (!parent || parent.deleted) return;
      const relationId = record.values.get("RelationId");
      const changes = new Map<string, FieldValue>();
      if (parent.values.get("WhoId") === relationId) {
        const next = liveRelations(ctx, activity, parent.id).find((r) => r !== record && isWhoRelation(r));
        changes.set("WhoId", next?.values.get("RelationId") ?? null);
      }
      if (record.values.get("IsWhat") === true && parent.values.get("WhatId") === relationId) changes.set("WhatId", null);
      if (changes.size === 0) return;
      const who = changes.has("WhoId") ? changes.get("WhoId") : parent.values.get("WhoId");
      const what = changes.has("WhatId") ? changes.get("WhatId") : parent.values.get("WhatId");
      changes.set("AccountId", activityAccount(ctx, who, what));
      writeChanges(asPlatform(ctx), parent, changes);
    },
  };
}

export const taskRelationBehaviour = relationBehaviour("Task");
export const eventRelationBehaviour = relationBehaviour("Event");
