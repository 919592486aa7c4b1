/** The describe resources' JSON: per-object metadata with every field's properties, and the global object list. */
import type { ApiVersion } from "../apiVersions";
import type { FieldDef, SObjectDef, Schema } from "./schema";

function soapType(field: FieldDef): string {
  switch (field.type) {
    case "id":
    case "reference":
      return "tns:ID";
    case "boolean":
      return "xsd:boolean";
    case "date":
      return "xsd:date";
    case "datetime":
      return "xsd:dateTime";
    case "int":
      return "xsd:int";
    default:
      return "xsd:string";
  }
}

function describeField(field: FieldDef): Record<string, unknown> {
  const text = "length" in field ? field.length : 0;
  const isText = field.type !== "reference" && field.type !== "id" && "length" in field;
  const reference = field.type === "reference";
  return {
    aggregatable: field.type !== "textarea",
    autoNumber: false,
    byteLength: field.type === "id" || reference ? 18 : isText ? text * 3 : 0,
    calculated: false,
    caseSensitive: "caseSensitive" in field ? field.caseSensitive : false,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.type === "boolean" ? field.defaultValue : null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    externalId: "externalId" in field ? field.externalId : false,
    filterable: field.filterable,
    groupable: field.filterable && field.type !== "datetime",
    idLookup: field.type === "id" || ("idLookup" in field && field.idLookup),
    label: field.label,
    length: field.type === "id" || reference ? 18 : isText ? text : 0,
    name: field.name,
    nameField: field.nameField,
    nillable: field.nillable,
    picklistValues:
      field.type === "picklist"
        ? field.values.map((v) => ({ active: true, defaultValue: v === field.defaultValue, label: v, validFor: null, value: v }))
        : [],
    polymorphicForeignKey: reference && field.polymorphic,
    referenceTo: reference ? field.describedReferenceTo : [],
    relationshipName: reference ? field.relationshipName : null,
    restrictedPicklist: field.type === "picklist" && field.restricted,
    soapType: soapType(field),
    sortable: field.sortable,
    type: field.type,
    unique: "unique" in field ? field.unique : false,
    updateable: field.updateable,
  };
}

function urls(def: SObjectDef, version: ApiVersion): Record<string, string> {
  const base = `/services/data/v${version}.0/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** The summary each object gets in the global describe and in `GET /sobjects/{Type}`. */
export function describeSummary(def: SObjectDef, version: ApiVersion): Record<string, unknown> {
  return {
    activateable: false,
    createable: def.createable,
    custom: false,
    customSetting: false,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    mergeable: def.name === "Account" || def.name === "Contact" || def.name === "Lead",
    name: def.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: def.name !== "TaskRelation" && def.name !== "EventRelation",
    triggerable: def.name !== "TaskRelation" && def.name !== "EventRelation",
    undeletable: def.deletable,
    updateable: def.updateable,
    urls: urls(def, version),
  };
}

export function describeObject(def: SObjectDef, version: ApiVersion): Record<string, unknown> {
  return {
    ...describeSummary(def, version),
    childRelationships: def.childRelationships.map((c) => ({
      cascadeDelete: c.childSObject === "TaskRelation" || c.childSObject === "EventRelation",
      childSObject: c.childSObject,
      deprecatedAndHidden: false,
      field: c.field,
      relationshipName: c.relationshipName,
    })),
    fields: def.fields.map(describeField),
  };
}

export function describeGlobal(schema: Schema, version: ApiVersion): Record<string, unknown> {
  return { encoding: "UTF-8", maxBatchSize: 200, sobjects: schema.all().map((d) => describeSummary(d, version)) };
}
