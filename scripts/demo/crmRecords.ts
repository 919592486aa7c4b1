import type { DemoActivityRecord } from "../../addin/demo/demoContract";
import type { SalesforceSimulator } from "../../test/simulators/salesforce";

type Fields = Readonly<Record<string, string | number | boolean | null>>;

const nameOf = (f: Fields) => String(f.Name ?? ([f.FirstName, f.LastName].filter(Boolean).join(" ") || f.Id));

/**
 * What "the CRM" holds after sync, read from the Salesforce simulator's control API: every Task and Event with the
 * people it names (its TaskRelation/EventRelation rows, or WhoId), what it relates to, and its key; newest first.
 */
export function crmActivityRecords(salesforce: SalesforceSimulator, orgId: string, keyField: string): DemoActivityRecord[] {
  const c = salesforce.control;
  const names = new Map<string, string>();
  for (const type of ["Contact", "Lead", "Account", "User"] as const) for (const r of c.records(orgId, type)) names.set(String(r.Id), nameOf(r));
  const { tasks, events } = c.activities(orgId);
  const rows = [...tasks, ...events].map((a): DemoActivityRecord => {
    const f = a.fields;
    const whoIds = a.relations.filter((r) => !r.isWhat && !r.deleted).map((r) => r.relationId);
    if (whoIds.length === 0 && typeof f.WhoId === "string") whoIds.push(f.WhoId);
    const what = typeof f.WhatId === "string" ? (names.get(f.WhatId) ?? f.WhatId) : null;
    const when = a.type === "Event" ? f.StartDateTime : f.ActivityDate;
    return {
      type: a.type,
      id: a.id,
      subject: String(f.Subject ?? ""),
      who: [...new Set(whoIds)].map((id) => names.get(id) ?? id),
      what,
      owner: typeof f.OwnerId === "string" ? (names.get(f.OwnerId) ?? f.OwnerId) : null,
      when: typeof when === "string" ? when : null,
      createdDate: String(f.CreatedDate ?? ""),
      key: typeof f[keyField] === "string" ? (f[keyField] as string) : null,
    };
  });
  // Insertion order is creation order: newest first is that order reversed (CreatedDate ties within a second).
  return rows.reverse().sort((x, y) => Date.parse(y.createdDate) - Date.parse(x.createdDate) || 0);
}
