import { createHash, randomBytes, randomUUID } from "node:crypto";

/**
 * Identifiers and opaque strings the simulator hands out. Entra's own are GUIDs (tenants, objects, apps, trace and
 * correlation ids) or long opaque base64url blobs (codes, refresh tokens); clients must treat both as opaque, so
 * random values of the same shape are faithful enough.
 */

export function newGuid(): string {
  return randomUUID();
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** An opaque token of `bytes` random bytes. Real codes and refresh tokens start "0.A"/"1.A"; keep a look-alike prefix. */
export function opaqueToken(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/**
 * A client secret value shaped like the portal's (three characters, a digit, "Q~", then 34 more): tests that grep a
 * database dump for leaked secrets then look for something realistic.
 */
export function clientSecretText(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-";
  const pick = (n: number) =>
    Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length] ?? "A").join("");
  return `${pick(3)}8Q~${pick(34)}`;
}

/**
 * Entra's `sub` is a pairwise identifier: stable for one user and one application, different across applications.
 * A keyed hash of both gives exactly that property.
 */
export function pairwiseSubject(objectId: string, appId: string): string {
  return createHash("sha256").update(`${objectId}|${appId.toLowerCase()}`).digest("base64url").slice(0, 43);
}

/**
 * Object id of an application's service principal in a tenant (the `oid`/`sub` of app-only tokens). Derived, so the
 * same app in the same tenant always has the same id, like a real enterprise application that is not re-created.
 */
export function servicePrincipalObjectId(tenantId: string, appId: string): string {
  return derivedGuid("sp", tenantId.toLowerCase(), appId.toLowerCase());
}

/** A GUID that is a pure function of its inputs: stable ids for things the simulator does not store. */
export function derivedGuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("|")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
