/**
 * Which grants open which routes. Names compare case-insensitively, as Entra treats permission values. The split between
 * Mail.ReadBasic and Mail.Read follows the role description (reference §2.9, §12.2): ReadBasic reads everything except
 * body, previewBody, attachments and extended properties.
 */
import type { GraphCaller } from "./auth";
import { graphErrors } from "./errors";

export type Need = "mailBasic" | "mailFull" | "calendar" | "ownProfile" | "anyUser";

const DELEGATED: Record<Need, readonly string[]> = {
  mailBasic: ["mail.readbasic", "mail.read", "mail.readwrite"],
  mailFull: ["mail.read", "mail.readwrite"],
  calendar: ["calendars.read", "calendars.readwrite"],
  ownProfile: ["user.read", "user.readbasic.all", "user.read.all", "directory.read.all"],
  anyUser: ["user.readbasic.all", "user.read.all", "directory.read.all"],
};

const APPLICATION: Record<Need, readonly string[]> = {
  mailBasic: ["mail.readbasic.all", "mail.readbasic", "mail.read", "mail.readwrite"],
  mailFull: ["mail.read", "mail.readwrite"],
  calendar: ["calendars.read", "calendars.readwrite"],
  ownProfile: ["user.read.all", "directory.read.all"],
  anyUser: ["user.read.all", "directory.read.all"],
};

export function has(caller: GraphCaller, need: Need): boolean {
  const granted = caller.kind === "delegated" ? caller.scopes : caller.roles;
  const wanted = (caller.kind === "delegated" ? DELEGATED : APPLICATION)[need];
  for (const g of granted) if (wanted.includes(g.toLowerCase())) return true;
  return false;
}

/** 403 ErrorAccessDenied, as Graph answers a token that lacks the consented permission. */
export function demand(caller: GraphCaller, need: Need): void {
  if (!has(caller, need)) throw graphErrors.accessDenied();
}
