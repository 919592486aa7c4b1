/**
 * Salesforce record ids: 15 case-sensitive base-62 characters whose first three are the object's key prefix, and the
 * 18-character case-insensitive form that appends a 3-character checksum encoding which of the 15 are upper case.
 */

/** Key prefixes of the objects the simulator knows, plus the non-record ids it hands out. */
export const KEY_PREFIXES = {
  Account: "001",
  Contact: "003",
  User: "005",
  Organization: "00D",
  Lead: "00Q",
  Task: "00T",
  Event: "00U",
  QueryLocator: "01g",
  EventRelation: "0RE",
  TaskRelation: "0RT",
} as const;

export type KeyPrefixOwner = keyof typeof KEY_PREFIXES;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const ID_BODY = /^[0-9A-Za-z]{15}$/;
const ID_18 = /^[0-9A-Za-z]{15}[A-Za-z0-5]{3}$/;

function isUpper(ch: string): boolean {
  return ch >= "A" && ch <= "Z";
}

/** The three checksum characters for a 15-character id. */
export function checksum(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      if (isUpper(id15.charAt(chunk * 5 + i))) bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a valid 15-character id. */
export function to18(id15: string): string {
  return id15 + checksum(id15);
}

/** The 15-character form (what Salesforce prints in some error messages). */
export function to15(id: string): string {
  return id.slice(0, 15);
}

/**
 * Reads a 15- or 18-character id the way Salesforce does, returning its canonical 18-character form, or null when the
 * text is not an id at all. An 18-character id may arrive in any letter case: its suffix restores the original case.
 */
export function normalizeId(text: string): string | null {
  if (ID_BODY.test(text)) return to18(text);
  if (!ID_18.test(text)) return null;
  const suffix = text.slice(15).toUpperCase();
  let body = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = CHECKSUM_ALPHABET.indexOf(suffix.charAt(chunk));
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = text.charAt(chunk * 5 + i);
      const upper = (bits & (1 << i)) !== 0;
      if (upper && !/[A-Za-z]/.test(ch)) return null;
      body += upper ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return to18(body);
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/**
 * Hands out ids in increasing order per key prefix, so records sort by id in creation order as they do in Salesforce.
 * The counter is fixed-width base 62 with an ASCII-ordered alphabet, which keeps lexicographic and numeric order equal.
 */
export class IdGenerator {
  private readonly counters = new Map<string, number>();

  /** `pod` stands in for the instance-specific characters after the prefix (two base-62 characters). */
  constructor(private readonly pod: string = "8d") {
    if (!/^[0-9A-Za-z]{2}$/.test(pod)) throw new RangeError(`pod must be two base-62 characters, got ${pod}`);
  }

  next(owner: KeyPrefixOwner): string {
    const prefix = KEY_PREFIXES[owner];
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return to18(`${prefix}${this.pod}0000${encodeBase62(n, 6)}`);
  }
}

function encodeBase62(n: number, width: number): string {
  let out = "";
  let rest = n;
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  if (out.length > width) throw new RangeError(`id counter overflow: ${n}`);
  return out.padStart(width, "0");
}
