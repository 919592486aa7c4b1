/**
 * The Prefer header (RFC 7240) as Graph reads it: `odata.maxpagesize=N`, `IdType="ImmutableId"`, `outlook.timezone`.
 * Several preferences may share one header or come in several; names compare case-insensitively. What was honoured
 * goes back in Preference-Applied.
 */
import { RecentMap } from "../shared/recentMap";

export interface Preferences {
  readonly maxPageSize?: number;
  readonly immutableIds: boolean;
  readonly applied: readonly string[];
}

/** A client sends the same few Prefer headers on every call; parsed once each (the answers are frozen, so shareable). */
const parsed = new RecentMap<string, Preferences>(256);

export function parsePrefer(header: string | string[] | undefined): Preferences {
  if (Array.isArray(header)) return parse(header);
  const key = header ?? "";
  let prefs = parsed.get(key);
  if (!prefs) {
    prefs = parse([key]);
    Object.freeze(prefs.applied);
    parsed.set(key, Object.freeze(prefs));
  }
  return prefs;
}

function parse(header: readonly string[]): Preferences {
  const parts = header.flatMap((h) => h.split(",")).map((p) => p.trim()).filter(Boolean);
  let maxPageSize: number | undefined;
  let immutableIds = false;
  const applied: string[] = [];
  for (const part of parts) {
    const [rawName, ...rest] = part.split("=");
    const name = (rawName ?? "").trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"(.*)"$/, "$1");
    if (name === "odata.maxpagesize" && /^\d+$/.test(value) && Number(value) > 0) {
      maxPageSize = Number(value);
      applied.push(`odata.maxpagesize=${maxPageSize}`);
    } else if (name === "idtype" && value.toLowerCase() === "immutableid") {
      immutableIds = true;
      applied.push('IdType="ImmutableId"');
    }
  }
  return { maxPageSize, immutableIds, applied };
}
