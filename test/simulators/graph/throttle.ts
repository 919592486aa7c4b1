/**
 * Outlook's concurrency limit: 4 requests in flight per app + mailbox (throttling-limits.md, 2022 text; the newer text
 * says per app ID across mailboxes — both are configurable here). A request over the limit is refused at once with 429
 * ApplicationThrottled "Application is over its MailboxConcurrency limit." (learn Q&A 1660054). Peaks are recorded as
 * attempted, so a client that ever tried a fifth concurrent call shows a peak of 5.
 */
export interface ConcurrencySettings {
  /** Per app + mailbox; default 4. */
  perMailbox: number;
  /** Per app across mailboxes; default unlimited. */
  perApp: number;
  retryAfterSeconds: number;
}

export type GraphAdmission = { readonly ok: true; release(): void } | { readonly ok: false };

export class GraphThrottle {
  readonly settings: ConcurrencySettings = { perMailbox: 4, perApp: Number.POSITIVE_INFINITY, retryAfterSeconds: 1 };
  private readonly perMailbox = new Map<string, number>();
  private readonly perApp = new Map<string, number>();
  private readonly peakMailbox = new Map<string, number>();
  private readonly peakApp = new Map<string, number>();

  admit(appId: string, mailbox: string): GraphAdmission {
    const mKey = `${appId}|${mailbox}`;
    const m = (this.perMailbox.get(mKey) ?? 0) + 1;
    const a = (this.perApp.get(appId) ?? 0) + 1;
    if (m > (this.peakMailbox.get(mailbox) ?? 0)) this.peakMailbox.set(mailbox, m);
    if (a > (this.peakApp.get(appId) ?? 0)) this.peakApp.set(appId, a);
    if (m > this.settings.perMailbox || a > this.settings.perApp) return { ok: false };
    this.perMailbox.set(mKey, m);
    this.perApp.set(appId, a);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perMailbox, mKey);
        decrement(this.perApp, appId);
      },
    };
  }

  peaks(): { byMailbox: Record<string, number>; byApp: Record<string, number> } {
    return { byMailbox: Object.fromEntries(this.peakMailbox), byApp: Object.fromEntries(this.peakApp) };
  }

  resetPeaks(): void {
    this.peakMailbox.clear();
    this.peakApp.clear();
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const next = (map.get(key) ?? 1) - 1;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
