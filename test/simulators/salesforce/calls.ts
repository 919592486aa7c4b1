/** Counts what clients asked of the simulator, by kind, so tests can assert on call volume (e.g. "one call per 200"). */

export const CALL_KINDS = [
  "oauth.token",
  "oauth.revoke",
  "oauth.userinfo",
  "versions",
  "resources",
  "limits",
  "describeGlobal",
  "describe",
  "query",
  "queryMore",
  "sobject.create",
  "sobject.retrieve",
  "sobject.update",
  "sobject.upsert",
  "sobject.delete",
  "collection.create",
  "collection.retrieve",
  "collection.update",
  "collection.upsert",
  "collection.delete",
  "other",
] as const;

export type CallKind = (typeof CALL_KINDS)[number];

export type CallCounts = Readonly<Record<CallKind, number>>;

export class CallLog {
  private readonly counts = new Map<string, Map<CallKind, number>>();

  /** `scope` is an org id, or "*" for calls not tied to an org (token requests that failed, version lists). */
  record(scope: string, kind: CallKind): void {
    let m = this.counts.get(scope);
    if (!m) this.counts.set(scope, (m = new Map()));
    m.set(kind, (m.get(kind) ?? 0) + 1);
  }

  /** Counts for one org, or summed over everything when no org is given. */
  snapshot(scope?: string): CallCounts {
    const out = Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as Record<CallKind, number>;
    for (const [s, m] of this.counts) {
      if (scope !== undefined && s !== scope) continue;
      for (const [k, n] of m) out[k] += n;
    }
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}
