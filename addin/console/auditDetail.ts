/**
 * An audit entry's detail in one line: `key: value` pairs; a nested set of counts as `name n, ...` without the zeros
 * (an activation's outcome counts), anything else nested as JSON.
 */
export function auditDetail(detail: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(detail).map(([k, v]) => `${k}: ${valueText(v)}`);
  return parts.length ? parts.join(" · ") : "—";
}

function valueText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.every(([, n]) => typeof n === "number")) {
      const nonZero = entries.filter(([, n]) => n !== 0);
      return nonZero.length ? nonZero.map(([name, n]) => `${name} ${(n as number).toLocaleString("en-US")}`).join(", ") : "none";
    }
  }
  return JSON.stringify(v);
}
