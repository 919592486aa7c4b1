/** REST API versions: which the simulator serves, their release labels, and features that depend on the version. */

export const MIN_API_VERSION = 31;
export const MAX_API_VERSION = 66;

/** An API version such as 62.0, held as its major number (all Salesforce versions end in .0). */
export type ApiVersion = number & { readonly __apiVersion: unique symbol };

/** Parses the `vXX.X` path segment; null for malformed or unserved versions. */
export function parseApiVersion(segment: string): ApiVersion | null {
  const m = /^v(\d{2})\.0$/.exec(segment);
  if (!m) return null;
  const major = Number(m[1]);
  return major >= MIN_API_VERSION && major <= MAX_API_VERSION ? (major as ApiVersion) : null;
}

export function versionString(v: ApiVersion): string {
  return `${v}.0`;
}

/** Version 20.0 was Winter '11 and each release since has added one: Winter, Spring, Summer. */
export function releaseLabel(major: number): string {
  const index = major - 20;
  const season = ["Winter", "Spring", "Summer"][((index % 3) + 3) % 3];
  const year = 11 + Math.floor(index / 3);
  return `${season} '${String(year).padStart(2, "0")}`;
}

export function servedVersions(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

/** sObject Collections (create, retrieve, update, delete) arrived in 42.0. */
export const supportsCollections = (v: ApiVersion): boolean => v >= 42;
/** Collection upsert, and `created` in upsert results, arrived in 46.0 (which also answers an upsert-update with 200, not 204). */
export const supportsUpsertResultBody = (v: ApiVersion): boolean => v >= 46;
