/**
 * Faults a test asks for: per mailbox and/or operation, for the next N matching calls. Each kind reproduces how Exchange
 * sends that failure (HTTP status, SOAP fault, or an error response message inside HTTP 200).
 */

export type InjectedFault =
  /** HTTP 500 SOAP fault a:ErrorServerBusy with MessageXml BackOffMilliseconds. */
  | { readonly kind: "serverBusy"; readonly backOffMs: number }
  /** HTTP 401 challenge, 403 policy block, 503 (IIS queue full) — no SOAP body. */
  | { readonly kind: "http"; readonly status: 401 | 403 | 503 }
  /** Per-message ErrorInvalidSyncStateData (Sync* operations), as if the state had gone bad. */
  | { readonly kind: "invalidSyncState" }
  /** HTTP 500 SOAP faults Exchange sends for impersonation failures. */
  | { readonly kind: "nonExistentMailbox" }
  | { readonly kind: "impersonateUserDenied" }
  /** Per-message budget errors, as if the caller had too many requests in flight. */
  | { readonly kind: "exceededConnectionCount" }
  | { readonly kind: "concurrentSyncCalls" };

export interface FaultRule {
  readonly id: number;
  readonly fault: InjectedFault;
  /** Lower-cased SMTP address the rule applies to; any mailbox when absent. */
  readonly mailbox?: string;
  /** EWS operation name (SyncFolderItems, GetItem, ...); any when absent. */
  readonly operation?: string;
  /** Matching calls still let through before the fault starts (to fail a sync part-way, e.g. on its third page). */
  skip: number;
  remaining: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(fault: InjectedFault, opts: { mailbox?: string; operation?: string; count?: number; skip?: number } = {}): FaultRule {
    const rule: FaultRule = {
      id: this.nextId++,
      fault,
      mailbox: opts.mailbox?.toLowerCase(),
      operation: opts.operation,
      skip: opts.skip ?? 0,
      remaining: opts.count ?? 1,
    };
    this.rules.push(rule);
    return rule;
  }

  /** The first rule matching this call, consumed by one. */
  take(mailbox: string | undefined, operation: string): InjectedFault | undefined {
    if (this.rules.length === 0) return undefined;
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (!r.mailbox || r.mailbox === mailbox?.toLowerCase()) && (!r.operation || r.operation === operation),
    );
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    rule.remaining--;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }
}
