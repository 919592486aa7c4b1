/**
 * Structural comparison of a simulator answer with a documented Microsoft sample: same namespaces and element names,
 * same attributes, children in the same relative order, and equal values where values are deterministic (ResponseClass,
 * ResponseCode...). Ids, times and free text may differ. Elements the sample shows but the simulated data lacks (e.g.
 * InReplyTo on a message that replies to nothing) must be listed explicitly by the test.
 */
import type { Element, Node } from "@xmldom/xmldom";

export interface CompareOptions {
  /** Local names that may be absent from the answer although the sample has them (a list's name: it may be empty). */
  readonly allowMissing?: ReadonlySet<string>;
  /** Local names the answer may have although the sample does not. */
  readonly allowExtra?: ReadonlySet<string>;
  /** Local names of elements/attributes whose text/value must be equal. */
  readonly compareValues?: ReadonlySet<string>;
}

/** Containers whose children are a list (repeated or choice), not a fixed sequence. */
const LISTS = new Set([
  "Changes", "Items", "ResponseMessages", "UserResponses", "UserSettings", "UserSettingErrors", "InternetMessageHeaders", "ToRecipients",
  "CcRecipients", "BccRecipients", "RequiredAttendees", "OptionalAttendees", "Attachments", "ResponseObjects", "Folders", "MessageXml",
  // Choice wrappers: one child whose element depends on the item or folder kind.
  "Create", "Update",
]);

const DEFAULT_VALUES = new Set(["ResponseClass", "ResponseCode", "BodyType", "RoutingType", "ItemClass", "ErrorCode", "Action", "AccountType", "Type", "faultcode"]);

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n: Node | null = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

const qname = (el: Element) => `{${el.namespaceURI ?? ""}}${el.localName}`;

function attributes(el: Element): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (!a || a.name === "xmlns" || a.name.startsWith("xmlns:")) continue;
    out.set(`{${a.namespaceURI ?? ""}}${a.localName ?? a.name}`, a.value);
  }
  return out;
}

export function compareStructure(actual: Element, expected: Element, options: CompareOptions = {}, path = ""): string[] {
  const here = `${path}/${expected.localName}`;
  const diffs: string[] = [];
  if (qname(actual) !== qname(expected)) return [`${here}: expected element ${qname(expected)}, got ${qname(actual)}`];
  const values = options.compareValues ?? DEFAULT_VALUES;

  const ea = attributes(expected);
  const aa = attributes(actual);
  for (const [name, value] of ea) {
    const local = name.replace(/^\{[^}]*\}/, "");
    if (!aa.has(name)) {
      if (!options.allowMissing?.has(`@${local}`)) diffs.push(`${here}: missing attribute ${name}`);
    } else if (values.has(local) && aa.get(name) !== value) diffs.push(`${here}: attribute ${local} is "${aa.get(name)}", sample has "${value}"`);
  }
  for (const name of aa.keys()) {
    const local = name.replace(/^\{[^}]*\}/, "");
    if (!ea.has(name) && !options.allowExtra?.has(`@${local}`)) diffs.push(`${here}: unexpected attribute ${name}`);
  }

  const ec = elementChildren(expected);
  const ac = elementChildren(actual);
  if (ec.length === 0 && ac.length === 0) {
    if (values.has(expected.localName ?? "") && (actual.textContent ?? "").trim() !== (expected.textContent ?? "").trim()) {
      diffs.push(`${here}: value "${(actual.textContent ?? "").trim()}", sample has "${(expected.textContent ?? "").trim()}"`);
    }
    return diffs;
  }

  if (LISTS.has(expected.localName ?? "")) {
    // Each entry must look like one of the sample's entries of the same kind (samples are sometimes truncated, so any
    // matching entry will do); order and count follow the data. An empty answer where the sample has entries proves
    // nothing, so it is a difference unless the test says the data has none (allowMissing names the list).
    if (ac.length === 0 && !options.allowMissing?.has(expected.localName ?? "")) return [`${here}: empty, sample has ${ec.length} entr${ec.length === 1 ? "y" : "ies"}`];
    for (const c of ac) {
      const candidates = ec.filter((t) => qname(t) === qname(c));
      if (candidates.length === 0) {
        if (!options.allowExtra?.has(c.localName ?? "")) diffs.push(`${here}: unexpected list entry ${qname(c)}`);
        continue;
      }
      const results = candidates.map((t) => compareStructure(c, t, options, here));
      if (results.some((r) => r.length === 0)) continue;
      diffs.push(...results.reduce((best, r) => (r.length < best.length ? r : best)));
    }
    return diffs;
  }

  // A sequence: common children in the same order, and nothing missing or extra unless allowed.
  const expectedOrder = ec.map(qname);
  const actualOrder = ac.map(qname);
  for (const name of new Set(expectedOrder)) {
    if (!actualOrder.includes(name) && !options.allowMissing?.has(name.replace(/^\{[^}]*\}/, ""))) diffs.push(`${here}: missing child ${name}`);
  }
  let lastIndex = -1;
  const used = new Map<string, number>();
  for (const c of ac) {
    const name = qname(c);
    const occurrence = used.get(name) ?? 0;
    used.set(name, occurrence + 1);
    const positions = expectedOrder.flatMap((n, i) => (n === name ? [i] : []));
    if (positions.length === 0) {
      if (!options.allowExtra?.has(c.localName ?? "")) diffs.push(`${here}: unexpected child ${name}`);
      continue;
    }
    const index = positions[Math.min(occurrence, positions.length - 1)] as number;
    if (index < lastIndex) diffs.push(`${here}: child ${name} out of the sample's order`);
    lastIndex = Math.max(lastIndex, index);
    const template = ec[index] as Element;
    diffs.push(...compareStructure(c, template, options, here));
  }
  return diffs;
}
