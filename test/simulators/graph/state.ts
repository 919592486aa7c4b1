/**
 * What the Graph face remembers between requests: the token codec, each mailbox's token generation (bumped to evict
 * every delta token, as Exchange's token cache does), the newest page of each delta round (older nextLinks may be made
 * stale), and how pages are sized.
 */
import { randomBytes } from "node:crypto";
import type { Mailbox } from "../exchange/store/mailbox";
import { DeltaTokenCodec } from "./deltaTokens";

/** Neither the default nor the maximum delta page size is documented; 10 is List messages' default, 1000 its $top cap. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;

export class GraphState {
  readonly tokens: DeltaTokenCodec;
  private readonly generations = new Map<string, number>();
  private readonly newestPage = new Map<string, number>();
  /** When true, a nextLink that is not the newest of its round answers 410 SyncStateNotFound (issue #2162). */
  staleOlderNextLinks = false;

  constructor(secret: string) {
    this.tokens = new DeltaTokenCodec(secret);
  }

  generation(mailbox: Mailbox): number {
    return this.generations.get(mailbox.smtp) ?? 1;
  }

  expireTokens(mailbox: Mailbox): void {
    this.generations.set(mailbox.smtp, this.generation(mailbox) + 1);
  }

  newRound(): string {
    return randomBytes(6).toString("hex");
  }

  /** Records that page `seq` of `round` was handed out. */
  issued(round: string, seq: number): void {
    if ((this.newestPage.get(round) ?? 0) < seq) this.newestPage.set(round, seq);
    if (this.newestPage.size > 200_000) this.newestPage.clear();
  }

  isStale(round: string, seq: number): boolean {
    return this.staleOlderNextLinks && (this.newestPage.get(round) ?? seq) > seq;
  }

  pageSize(requested: number | undefined): number {
    return Math.min(requested ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  }
}
