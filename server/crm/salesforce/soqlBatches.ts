/**
 * SOQL goes in the URL of a GET (`/query?q=`), and Salesforce refuses a URI over 16,384 bytes with 414 URI Too Long
 * (help.salesforce.com 000386264, which recommends staying far below). Lists of values for `IN (...)` are therefore
 * split so each encoded query stays within a budget, however long the addresses are.
 */

/** Encoded bytes of one query's `q=` value: half of Salesforce's URI limit leaves room for the path and the host. */
export const queryUriBudget = 8_000;

/** Bytes on the wire: encodeURIComponent, plus the quote the URL parser escapes in a query string. */
const wireLength = (s: string) => encodeURIComponent(s).replace(/'/g, "%27").length;

export const soqlString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * Splits `values` into IN lists for `before + list + after`, each encoded query at most `budget` bytes and at most
 * `maxItems` values. A single value too long for the budget goes alone (Salesforce will then say so).
 */
export function inLists(before: string, after: string, values: readonly string[], options: { budget?: number; maxItems?: number } = {}): string[] {
  const budget = options.budget ?? queryUriBudget;
  const maxItems = options.maxItems ?? 200;
  const fixed = wireLength(before + after);
  const comma = wireLength(",");
  const lists: string[] = [];
  let current: string[] = [];
  let size = fixed;
  for (const v of values) {
    const item = soqlString(v);
    const cost = wireLength(item) + (current.length > 0 ? comma : 0);
    if (current.length > 0 && (size + cost > budget || current.length >= maxItems)) {
      lists.push(current.join(","));
      current = [];
      size = fixed;
    }
    current.push(item);
    size += wireLength(item) + (current.length > 1 ? comma : 0);
  }
  if (current.length > 0) lists.push(current.join(","));
  return lists.map((list) => `${before}${list}${after}`);
}
