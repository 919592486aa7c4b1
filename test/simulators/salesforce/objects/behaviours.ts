/**
 * Object-specific platform logic run by every save: derived fields, rules beyond single-field checks, and side effects
 * inside the same transaction. Activities and their shared-activity relations live in activities.ts.
 */
import type { RecordFailure } from "../errors";
import { eventBehaviour, eventRelationBehaviour, taskBehaviour, taskRelationBehaviour } from "./activities";
import type { SObjectName } from "./schema";
import type { FieldValue, StoredRecord } from "./store";
import type { DmlContext } from "./writes";

export interface Behaviour {
  /** Fills derived fields in the complete value map about to be saved. `sent` names the fields the client supplied. */
  derive?(ctx: DmlContext, values: Map<string, FieldValue>, before: StoredRecord | null, sent: ReadonlySet<string>): void;
  /** Rules across fields or records; `before` is null on insert. */
  validate?(ctx: DmlContext, values: ReadonlyMap<string, FieldValue>, before: StoredRecord | null): RecordFailure | null;
  /** Side effects after the write; a failure rolls the whole record back. `before` holds the previous values on update. */
  afterWrite?(ctx: DmlContext, record: StoredRecord, before: ReadonlyMap<string, FieldValue> | null): RecordFailure | null;
  /** Cascades before the record goes to the recycle bin. */
  beforeDelete?(ctx: DmlContext, record: StoredRecord): void;
}

/** Contacts, leads and users carry a compound Name the platform builds from FirstName and LastName. */
const personBehaviour: Behaviour = {
  derive(_ctx, values) {
    const first = values.get("FirstName");
    const last = values.get("LastName");
    values.set("Name", [first, last].filter((s): s is string => typeof s === "string" && s !== "").join(" ") || null);
  },
};

const none: Behaviour = {};

export function behaviourFor(type: SObjectName): Behaviour {
  switch (type) {
    case "Contact":
    case "Lead":
      return personBehaviour;
    case "Task":
      return taskBehaviour;
    case "Event":
      return eventBehaviour;
    case "TaskRelation":
      return taskRelationBehaviour;
    case "EventRelation":
      return eventRelationBehaviour;
    default:
      return none;
  }
}
