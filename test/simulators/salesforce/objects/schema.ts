/**
 * The org's data model: the standard objects the product touches (their fields with the properties describe reports)
 * plus each org's custom fields, e.g. a unique External ID `Sync_Key__c` on Task and Event.
 */
import { KEY_PREFIXES } from "../ids";

export const SOBJECT_NAMES = ["Account", "Contact", "Lead", "User", "Task", "Event", "TaskRelation", "EventRelation"] as const;
export type SObjectName = (typeof SOBJECT_NAMES)[number];

interface FieldCommon {
  readonly name: string;
  readonly label: string;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly defaultedOnCreate: boolean;
  readonly filterable: boolean;
  readonly sortable: boolean;
  readonly custom: boolean;
  /** Set by the platform (formula, roll-up or system field): never accepted from a client. */
  readonly calculated: boolean;
  readonly nameField: boolean;
}

export interface IdFieldDef extends FieldCommon {
  readonly type: "id";
}

export interface TextFieldDef extends FieldCommon {
  readonly type: "string" | "textarea" | "email" | "phone" | "url" | "combobox";
  readonly length: number;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly caseSensitive: boolean;
  readonly idLookup: boolean;
}

export interface PicklistFieldDef extends FieldCommon {
  readonly type: "picklist";
  readonly length: number;
  readonly values: readonly string[];
  readonly defaultValue: string | null;
  readonly restricted: boolean;
}

export interface BooleanFieldDef extends FieldCommon {
  readonly type: "boolean";
  readonly defaultValue: boolean;
}

export interface ScalarFieldDef extends FieldCommon {
  readonly type: "date" | "datetime" | "int";
}

export interface ReferenceFieldDef extends FieldCommon {
  readonly type: "reference";
  /** Objects whose ids the field accepts (within the simulated model). */
  readonly referenceTo: readonly SObjectName[];
  /** What describe lists (Salesforce also names objects the simulator does not model, e.g. Group). */
  readonly describedReferenceTo: readonly string[];
  readonly relationshipName: string | null;
  /** Polymorphic lookups (Who, What, Owner on activities) traverse to the `Name` entity in SOQL. */
  readonly polymorphic: boolean;
}

export type FieldDef = IdFieldDef | TextFieldDef | PicklistFieldDef | BooleanFieldDef | ScalarFieldDef | ReferenceFieldDef;
export type FieldType = FieldDef["type"];

export interface ChildRelationshipDef {
  readonly relationshipName: string;
  readonly childSObject: SObjectName;
  readonly field: string;
}

export interface SObjectDef {
  readonly name: SObjectName;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  readonly fields: readonly FieldDef[];
  readonly childRelationships: readonly ChildRelationshipDef[];
}

/** A custom text field added to an org, such as the product's idempotency key. */
export interface CustomFieldSpec {
  readonly object: SObjectName;
  /** API name; must end in `__c`. */
  readonly name: string;
  readonly label?: string;
  readonly length?: number;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly caseSensitive?: boolean;
  readonly required?: boolean;
}

/** Custom fields every org gets unless told otherwise: the sync keys the product upserts by. */
export const DEFAULT_CUSTOM_FIELDS: readonly CustomFieldSpec[] = [
  { object: "Task", name: "Sync_Key__c", label: "Sync Key", length: 255, externalId: true, unique: true },
  { object: "Event", name: "Sync_Key__c", label: "Sync Key", length: 255, externalId: true, unique: true },
  { object: "Contact", name: "External_Id__c", label: "External Id", length: 255, externalId: true, unique: true },
  { object: "Lead", name: "External_Id__c", label: "External Id", length: 255, externalId: true, unique: true },
];

// ---- field builders -------------------------------------------------------------------------------------------------

const writable = {
  nillable: true,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
  filterable: true,
  sortable: true,
  custom: false,
  calculated: false,
  nameField: false,
} as const;

const systemSet = { ...writable, createable: false, updateable: false, calculated: true } as const;

type Overrides = Partial<Omit<FieldCommon, "name" | "label">>;

function id(): IdFieldDef {
  return { ...systemSet, name: "Id", label: "Id", type: "id", nillable: false, defaultedOnCreate: true };
}

function text(
  name: string,
  label: string,
  length: number,
  type: TextFieldDef["type"] = "string",
  o: Overrides & Partial<Pick<TextFieldDef, "externalId" | "unique" | "caseSensitive" | "idLookup">> = {},
): TextFieldDef {
  const filterable = type !== "textarea" || length <= 255;
  return {
    ...writable,
    filterable,
    sortable: filterable,
    externalId: false,
    unique: false,
    caseSensitive: false,
    idLookup: false,
    ...o,
    name,
    label,
    type,
    length,
  };
}

function picklist(
  name: string,
  label: string,
  values: readonly string[],
  o: Overrides & { defaultValue?: string | null; restricted?: boolean } = {},
): PicklistFieldDef {
  const { defaultValue = null, restricted = false, ...rest } = o;
  return {
    ...writable,
    defaultedOnCreate: defaultValue !== null,
    ...rest,
    name,
    label,
    type: "picklist",
    length: 40,
    values,
    defaultValue,
    restricted,
  };
}

function bool(name: string, label: string, defaultValue: boolean, o: Overrides = {}): BooleanFieldDef {
  return { ...writable, nillable: false, defaultedOnCreate: true, ...o, name, label, type: "boolean", defaultValue };
}

function scalar(name: string, label: string, type: ScalarFieldDef["type"], o: Overrides = {}): ScalarFieldDef {
  return { ...writable, ...o, name, label, type };
}

function ref(
  name: string,
  label: string,
  referenceTo: readonly SObjectName[],
  relationshipName: string | null,
  o: Overrides & { polymorphic?: boolean; describedReferenceTo?: readonly string[] } = {},
): ReferenceFieldDef {
  const { polymorphic = referenceTo.length > 1, describedReferenceTo = referenceTo, ...rest } = o;
  return { ...writable, ...rest, name, label, type: "reference", referenceTo, describedReferenceTo, relationshipName, polymorphic };
}

function systemFields(): FieldDef[] {
  const audit = { ...systemSet, nillable: false, defaultedOnCreate: true };
  return [
    id(),
    bool("IsDeleted", "Deleted", false, { ...systemSet }),
    scalar("CreatedDate", "Created Date", "datetime", audit),
    ref("CreatedById", "Created By ID", ["User"], "CreatedBy", audit),
    scalar("LastModifiedDate", "Last Modified Date", "datetime", audit),
    ref("LastModifiedById", "Last Modified By ID", ["User"], "LastModifiedBy", audit),
    scalar("SystemModstamp", "System Modstamp", "datetime", audit),
  ];
}

const owner = (label = "Owner ID", o: Parameters<typeof ref>[4] = {}) =>
  ref("OwnerId", label, ["User"], "Owner", { nillable: false, defaultedOnCreate: true, ...o });
const personName = () => [
  text("FirstName", "First Name", 40),
  text("LastName", "Last Name", 80, "string", { nillable: false }),
  text("Name", "Full Name", 121, "string", { ...systemSet, nameField: true }),
];
const derived = { ...systemSet } as const;

// ---- the standard objects -------------------------------------------------------------------------------------------

const BASE_OBJECTS: readonly SObjectDef[] = [
  {
    name: "Account",
    label: "Account",
    labelPlural: "Accounts",
    keyPrefix: KEY_PREFIXES.Account,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      text("Name", "Account Name", 255, "string", { nillable: false, nameField: true }),
      text("Website", "Website", 255, "url"),
      text("Phone", "Account Phone", 40, "phone"),
      owner(),
    ],
    childRelationships: [
      { relationshipName: "Contacts", childSObject: "Contact", field: "AccountId" },
      { relationshipName: "Tasks", childSObject: "Task", field: "WhatId" },
      { relationshipName: "Events", childSObject: "Event", field: "WhatId" },
    ],
  },
  {
    name: "Contact",
    label: "Contact",
    labelPlural: "Contacts",
    keyPrefix: KEY_PREFIXES.Contact,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      ...personName(),
      text("Email", "Email", 80, "email", { idLookup: true }),
      text("Title", "Title", 128),
      text("Phone", "Business Phone", 40, "phone"),
      ref("AccountId", "Account ID", ["Account"], "Account"),
      owner(),
    ],
    childRelationships: [
      { relationshipName: "Tasks", childSObject: "Task", field: "WhoId" },
      { relationshipName: "Events", childSObject: "Event", field: "WhoId" },
    ],
  },
  {
    name: "Lead",
    label: "Lead",
    labelPlural: "Leads",
    keyPrefix: KEY_PREFIXES.Lead,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      ...personName(),
      text("Email", "Email", 80, "email", { idLookup: true }),
      text("Company", "Company", 255, "string", { nillable: false }),
      text("Title", "Title", 128),
      text("Phone", "Phone", 40, "phone"),
      picklist("Status", "Status", ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"], {
        defaultValue: "Open - Not Contacted",
        nillable: false,
      }),
      bool("IsConverted", "Converted", false, { ...derived, nillable: false, defaultedOnCreate: true }),
      owner("Owner ID", { describedReferenceTo: ["Group", "User"], polymorphic: true }),
    ],
    childRelationships: [
      { relationshipName: "Tasks", childSObject: "Task", field: "WhoId" },
      { relationshipName: "Events", childSObject: "Event", field: "WhoId" },
    ],
  },
  {
    name: "User",
    label: "User",
    labelPlural: "Users",
    keyPrefix: KEY_PREFIXES.User,
    // Users are provisioned through the control API; the simulated integration user cannot manage users.
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ...systemFields(),
      text("Username", "Username", 80, "string", { ...derived, nillable: false, unique: true, idLookup: true }),
      text("FirstName", "First Name", 40, "string", derived),
      text("LastName", "Last Name", 80, "string", { ...derived, nillable: false }),
      text("Name", "Full Name", 121, "string", { ...derived, nameField: true }),
      text("Email", "Email", 128, "email", { ...derived, nillable: false }),
      text("Alias", "Alias", 8, "string", { ...derived, nillable: false }),
      bool("IsActive", "Active", true, derived),
    ],
    childRelationships: [],
  },
  {
    name: "Task",
    label: "Task",
    labelPlural: "Tasks",
    keyPrefix: KEY_PREFIXES.Task,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      text("Subject", "Subject", 255, "combobox"),
      text("Description", "Description", 32000, "textarea"),
      scalar("ActivityDate", "Due Date Only", "date"),
      picklist("Status", "Status", ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"], {
        defaultValue: "Not Started",
        nillable: false,
      }),
      picklist("Priority", "Priority", ["High", "Normal", "Low"], { defaultValue: "Normal", nillable: false }),
      picklist("TaskSubtype", "Task Subtype", ["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"], {
        restricted: true,
        updateable: false,
      }),
      picklist("Type", "Type", ["Call", "Email", "Meeting", "Other"]),
      ref("WhoId", "Name ID", ["Contact", "Lead"], "Who"),
      ref("WhatId", "Related To ID", ["Account"], "What", { polymorphic: true }),
      owner("Assigned To ID", { describedReferenceTo: ["Group", "User"], polymorphic: true }),
      ref("AccountId", "Account ID", ["Account"], "Account", derived),
      bool("IsClosed", "Closed", false, derived),
      scalar("CompletedDateTime", "Completed Date/Time", "datetime", derived),
    ],
    childRelationships: [{ relationshipName: "TaskRelations", childSObject: "TaskRelation", field: "TaskId" }],
  },
  {
    name: "Event",
    label: "Event",
    labelPlural: "Events",
    keyPrefix: KEY_PREFIXES.Event,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      text("Subject", "Subject", 255, "combobox"),
      text("Description", "Description", 32000, "textarea"),
      text("Location", "Location", 255),
      scalar("StartDateTime", "Start Date Time", "datetime"),
      scalar("EndDateTime", "End Date Time", "datetime"),
      scalar("ActivityDateTime", "Due Date Time", "datetime"),
      scalar("ActivityDate", "Due Date Only", "date"),
      scalar("DurationInMinutes", "Duration", "int"),
      bool("IsAllDayEvent", "All-Day Event", false),
      picklist("ShowAs", "Show Time As", ["Busy", "OutOfOffice", "Free"], { defaultValue: "Busy" }),
      picklist("EventSubtype", "Event Subtype", ["Event"], { restricted: true, updateable: false }),
      picklist("Type", "Type", ["Call", "Email", "Meeting", "Other"]),
      ref("WhoId", "Name ID", ["Contact", "Lead"], "Who"),
      ref("WhatId", "Related To ID", ["Account"], "What", { polymorphic: true }),
      owner("Assigned To ID", { describedReferenceTo: ["Calendar", "User"], polymorphic: true }),
      ref("AccountId", "Account ID", ["Account"], "Account", derived),
    ],
    childRelationships: [{ relationshipName: "EventRelations", childSObject: "EventRelation", field: "EventId" }],
  },
  {
    name: "TaskRelation",
    label: "Task Relation",
    labelPlural: "Task Relations",
    keyPrefix: KEY_PREFIXES.TaskRelation,
    createable: true,
    updateable: false,
    deletable: true,
    fields: [
      ...systemFields(),
      ref("TaskId", "Task ID", ["Task"], "Task", { nillable: false, updateable: false }),
      ref("RelationId", "Relation ID", ["Contact", "Lead", "Account"], "Relation", { nillable: false, updateable: false }),
      bool("IsWhat", "Is What", false, { updateable: false }),
      ref("AccountId", "Account ID", ["Account"], "Account", derived),
    ],
    childRelationships: [],
  },
  {
    name: "EventRelation",
    label: "Event Relation",
    labelPlural: "Event Relations",
    keyPrefix: KEY_PREFIXES.EventRelation,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      ref("EventId", "Event ID", ["Event"], "Event", { nillable: false, updateable: false }),
      ref("RelationId", "Relation ID", ["Contact", "Lead", "Account", "User"], "Relation", {
        nillable: false,
        updateable: false,
      }),
      bool("IsParent", "Is Parent", false, { updateable: false }),
      bool("IsInvitee", "Is Invitee", true, { updateable: false }),
      bool("IsWhat", "Is What", false, { updateable: false }),
      picklist("Status", "Status", ["New", "Accepted", "Declined"], { defaultValue: "New" }),
      text("Response", "Response", 255),
      scalar("RespondedDate", "Response Date", "datetime"),
      ref("AccountId", "Account ID", ["Account"], "Account", derived),
    ],
    childRelationships: [],
  },
];

/** The fields SOQL can reach through a polymorphic relationship (Who.Name, What.Name, Owner.Name). */
export const NAME_ENTITY_FIELDS = ["Id", "Name", "Type", "FirstName", "LastName", "Email", "Title", "Username", "Alias"] as const;

function customField(spec: CustomFieldSpec): TextFieldDef {
  if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(spec.name)) throw new RangeError(`custom field name must end in __c: ${spec.name}`);
  const unique = spec.unique ?? false;
  return text(spec.name, spec.label ?? spec.name.replace(/__c$/, "").replace(/_/g, " "), spec.length ?? 255, "string", {
    custom: true,
    nillable: !(spec.required ?? false),
    externalId: spec.externalId ?? false,
    unique,
    caseSensitive: spec.caseSensitive ?? false,
    idLookup: (spec.externalId ?? false) || unique,
  });
}

/** One org's objects; field and object names resolve case-insensitively, as in the API. */
export class Schema {
  private readonly objects = new Map<string, SObjectDef>();
  private readonly fieldIndex = new Map<SObjectName, Map<string, FieldDef>>();

  constructor(customFields: readonly CustomFieldSpec[] = DEFAULT_CUSTOM_FIELDS) {
    for (const base of BASE_OBJECTS) {
      const extra = customFields.filter((c) => c.object === base.name).map(customField);
      const def: SObjectDef = { ...base, fields: [...base.fields, ...extra] };
      this.objects.set(def.name.toLowerCase(), def);
      const byName = new Map<string, FieldDef>();
      for (const field of def.fields) {
        if (byName.has(field.name.toLowerCase())) throw new RangeError(`duplicate field ${def.name}.${field.name}`);
        byName.set(field.name.toLowerCase(), field);
      }
      this.fieldIndex.set(def.name, byName);
    }
  }

  /** Objects switched off by an org setting (TaskRelation and EventRelation exist only with Shared Activities). */
  private readonly hidden = new Set<string>();

  all(): readonly SObjectDef[] {
    return [...this.objects.values()].filter((o) => !this.hidden.has(o.name.toLowerCase()));
  }

  object(name: string): SObjectDef | undefined {
    return this.hidden.has(name.toLowerCase()) ? undefined : this.objects.get(name.toLowerCase());
  }

  field(object: SObjectName, name: string): FieldDef | undefined {
    return this.fieldIndex.get(object)?.get(name.toLowerCase());
  }

  setHidden(object: SObjectName, hidden: boolean): void {
    if (hidden) this.hidden.add(object.toLowerCase());
    else this.hidden.delete(object.toLowerCase());
  }

  /** An administrator adds a custom field in Setup (or changes one: the old definition is replaced). */
  addCustomField(spec: CustomFieldSpec): void {
    this.removeField(spec.object, spec.name);
    const def = this.objects.get(spec.object.toLowerCase())!;
    const field = customField(spec);
    this.objects.set(def.name.toLowerCase(), { ...def, fields: [...def.fields, field] });
    this.fieldIndex.get(def.name)!.set(field.name.toLowerCase(), field);
  }

  /** An administrator deletes a field (or hides it from the integration user: describe and SOQL no longer see it). */
  removeField(object: SObjectName, name: string): boolean {
    const def = this.objects.get(object.toLowerCase());
    if (!def || !this.fieldIndex.get(def.name)!.delete(name.toLowerCase())) return false;
    this.objects.set(def.name.toLowerCase(), { ...def, fields: def.fields.filter((f) => f.name.toLowerCase() !== name.toLowerCase()) });
    return true;
  }

  /** The object whose key prefix an id carries, if the simulator models it. */
  objectForId(id: string): SObjectDef | undefined {
    const prefix = id.slice(0, 3);
    return this.all().find((o) => o.keyPrefix === prefix);
  }

  /** Reference fields reachable by relationship name, e.g. `Owner` on Contact → OwnerId. */
  relationship(object: SObjectName, relationshipName: string): ReferenceFieldDef | undefined {
    const def = this.object(object);
    const wanted = relationshipName.toLowerCase();
    return def?.fields.find(
      (f): f is ReferenceFieldDef => f.type === "reference" && f.relationshipName?.toLowerCase() === wanted,
    );
  }

  childRelationship(object: SObjectName, relationshipName: string): ChildRelationshipDef | undefined {
    const wanted = relationshipName.toLowerCase();
    return this.object(object)?.childRelationships.find((c) => c.relationshipName.toLowerCase() === wanted);
  }
}

export function isExternalIdField(field: FieldDef): field is TextFieldDef {
  return (field.type === "string" || field.type === "email") && field.externalId;
}
