/**
 * The dialog fallback has no silent renewal: the token the dialog handed back is kept for the pane's session
 * (sessionStorage: gone when Outlook closes the pane's browser context), and used until shortly before it expires.
 */
export interface StoredToken {
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresOn: number;
}

/** A token with less than this left is not handed out: a call could outlive it. */
const marginMs = 2 * 60 * 1000;

export class TokenStore {
  constructor(
    private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null,
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  get(): string | null {
    const raw = this.read();
    if (!raw) return null;
    try {
      const t = JSON.parse(raw) as Partial<StoredToken>;
      if (typeof t.accessToken === "string" && typeof t.expiresOn === "number" && t.expiresOn - marginMs > this.now()) return t.accessToken;
    } catch {
      /* unreadable: treat as absent */
    }
    this.clear();
    return null;
  }

  set(token: StoredToken): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(token));
    } catch {
      /* storage full or blocked: the token still works for this call */
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      /* nothing to clear */
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }
}

/** sessionStorage when the browser lets the pane use it (partitioned or blocked storage throws on access). */
export function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null;
  }
}
