/**
 * What the Graph face remembers between requests: the token codec, each mailbox's token generation (bumped to evict
 * every delta token, as Exchange's token cache does), the newest generation of each sync-state chain, and how pages
 * are sized.
 */
import { randomBytes } from "node:crypto";
import type { Mailbox } from "../exchange/store/mailbox";
import { DeltaTokenCodec } from "./deltaTokens";

/** Neither the default nor the maximum delta page size is documented; 10 is List messages' default, 1000 its $top cap. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;
/**
 * Sync-state generations Exchange keeps of one chain: every delta answer, an empty one too, is a new generation, and
 * only the newest three can be continued from. Real answers to an older token list them: "The sync state generation is
 * not found; generation=605;[highest=841][841][839][840]." (test/fixtures/ms-samples/graph,
 * error-delta-syncstatenotfound-generation-REALCAPTURE-body.json) and "generation=149;[highest=157][157][155][156]"
 * (microsoft-graph-docs issue #2350, a calendarView deltaLink kept from before a restart).
 */
export const RETAINED_GENERATIONS = 3;
/**
 * Chains whose newest generation is remembered. Past it the memo starts again: a forgotten chain accepts whatever
 * generation comes next and is tracked again from there (room for every folder of a 10,000-mailbox bench world).
 */
const CHAINS_CAP = 200_000;

export class GraphState {
  readonly tokens: DeltaTokenCodec;
  private readonly generations = new Map<string, number>();
  private readonly newest = new Map<string, number>();
  /** When true, a nextLink that is not the newest of its chain answers 410 SyncStateNotFound at once (issue #2162). */
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

  newChain(): string {
    return randomBytes(6).toString("hex");
  }

  /**
   * The next generation of `chain`, now its newest: what the answer being built hands out. Every answer, an empty one
   * too, is a new generation, so a client that keeps presenting an older link than the newest it was given finds it
   * refused after RETAINED_GENERATIONS answers.
   */
  mint(chain: string, presented: number): number {
    const next = Math.max(this.newest.get(chain) ?? 0, presented) + 1;
    if (this.newest.size >= CHAINS_CAP && !this.newest.has(chain)) this.newest.clear();
    this.newest.set(chain, next);
    return next;
  }

  /** The newest generation of `chain` handed out, when remembered. */
  highest(chain: string): number | undefined {
    return this.newest.get(chain);
  }

  /** True when generation `seq` of `chain` is no longer kept: older than the newest RETAINED_GENERATIONS. */
  isEvicted(chain: string, seq: number): boolean {
    const highest = this.newest.get(chain);
    return highest !== undefined && highest - seq >= RETAINED_GENERATIONS;
  }

  isStale(chain: string, seq: number): boolean {
    return this.staleOlderNextLinks && (this.newest.get(chain) ?? seq) > seq;
  }

  pageSize(requested: number | undefined): number {
    return Math.min(requested ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  }
}
