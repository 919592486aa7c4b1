import { z } from "zod";
import type { CaptureLevel, SyncPolicy } from "./policy";

/** Policy settings an organisation (console) and a rep (sidebar Sync settings) can choose; absent means the default. */
export interface PolicySettings {
  readonly captureLevel?: CaptureLevel;
  readonly internalDomains?: readonly string[];
  readonly blockedAddresses?: readonly string[];
  readonly blockedDomains?: readonly string[];
  readonly backfillDays?: number;
  /** Skip items marked Confidential, as Private ones are (default true); a rep may turn it on, never off. */
  readonly skipConfidential?: boolean;
}

/** The organisation's settings, narrowed by the rep's own: a rep may capture less and block more, never the reverse. */
export function effectivePolicy(org: PolicySettings, mine: PolicySettings, defaults: { backfillDays: number }, now: Date): SyncPolicy {
  const levels: CaptureLevel[] = ["metadata", "subject", "full_body"];
  const orgLevel = org.captureLevel ?? "subject";
  const myLevel = mine.captureLevel ?? orgLevel;
  const level = levels[Math.min(levels.indexOf(orgLevel), levels.indexOf(myLevel))] ?? "subject";
  const days = org.backfillDays ?? defaults.backfillDays;
  return {
    captureLevel: level,
    internalDomains: [...(org.internalDomains ?? [])],
    blockedAddresses: [...(org.blockedAddresses ?? []), ...(mine.blockedAddresses ?? [])],
    blockedDomains: [...(org.blockedDomains ?? []), ...(mine.blockedDomains ?? [])],
    notBefore: days > 0 ? new Date(now.getTime() - days * 86_400_000) : null,
    skipConfidential: (org.skipConfidential ?? true) || mine.skipConfidential === true,
  };
}

const domain = z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "must be a domain like fabrikam.com");
const address = z.string().trim().toLowerCase().email("must be an email address");

export const policySettingsSchema = z.object({
  captureLevel: z.enum(["metadata", "subject", "full_body"]).optional(),
  internalDomains: z.array(domain).max(500).optional(),
  blockedAddresses: z.array(address).max(5000).optional(),
  blockedDomains: z.array(domain).max(5000).optional(),
  backfillDays: z.number().int().min(0).max(3650).optional(),
  skipConfidential: z.boolean().optional(),
});

/** Stored settings are read leniently: a value that no longer validates falls back to the default, not to an error. */
export function readPolicySettings(raw: unknown): PolicySettings {
  const parsed = policySettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}
