/**
 * $skiptoken / $deltatoken values. Graph encodes the first request's query options into its tokens (message-delta.md),
 * so ours carry them too, with the cursor, bound to one mailbox, seeding epoch and token generation, under a MAC: an
 * edited or foreign token is refused rather than trusted, like the EWS face's sync states. `chain`/`seq` name the sync
 * state a token stands for: a chain begins with a first request (no token) and goes on through every later page and
 * round, each answer a new generation `seq` of it; Exchange keeps only the newest few (see GraphState).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const MAC_BYTES = 16;

export type MessageCursor =
  /** Walking the folder as it was at `snapshot`, newest first, from `nextKey` down. */
  | { readonly phase: "initial"; readonly snapshot: number; readonly nextKey: number }
  /** Following the folder's change log after `watermark`. */
  | { readonly phase: "changes"; readonly watermark: number };

export type EventCursor =
  /** Instances of items created at or before `snapshot`, ordered by (key, original start), after `afterKey`/`afterStart`. */
  | { readonly phase: "initial"; readonly snapshot: number; readonly afterKey: number; readonly afterStart: number }
  | { readonly phase: "changes"; readonly watermark: number };

interface Binding {
  /** Mailbox GUID, hex. */
  readonly mailbox: string;
  readonly epoch: number;
  /** The mailbox's token generation: bumping it (control expireDeltaTokens) evicts every earlier token. */
  readonly generation: number;
  /** The sync-state chain (begun by a request without a token; carried on by every link of it). */
  readonly chain: string;
  /** Which generation of the chain this token is. */
  readonly seq: number;
}

export interface MessageDeltaToken extends Binding {
  readonly kind: "messages";
  readonly folderCode: number;
  readonly cursor: MessageCursor;
  /** $select of the first request (undefined: every default property). */
  readonly select?: readonly string[];
  /** Extended properties asked for with $expand (normalised "Integer 0x36" form). */
  readonly extended: readonly string[];
  readonly changeType?: "created" | "updated" | "deleted";
}

export interface EventDeltaToken extends Binding {
  readonly kind: "events";
  readonly start: number;
  readonly end: number;
  readonly cursor: EventCursor;
}

export type DeltaToken = MessageDeltaToken | EventDeltaToken;

/**
 * Tokens this codec issued or verified lately, by value: a saved deltaLink comes back every turn, and a MAC per token
 * was a quarter of the simulator's CPU in an idle cycle of 10,000 mailboxes (CPU it takes from the server under test
 * on the same machine). Enough for three folders of a bench world's mailboxes and then some; the oldest go first.
 */
const VERIFIED_CAP = 100_000;

export class DeltaTokenCodec {
  private readonly verified = new Map<string, DeltaToken>();

  constructor(private readonly secret: string) {}

  encode(token: DeltaToken): string {
    const json = Buffer.from(JSON.stringify(token), "utf8");
    const value = Buffer.concat([this.mac(json), json]).toString("base64url");
    this.remember(value, token);
    return value;
  }

  /** undefined for anything this simulator did not issue, intact. */
  decode(value: string): DeltaToken | undefined {
    const known = this.verified.get(value);
    if (known) return known;
    const token = this.verify(value);
    if (token) this.remember(value, token);
    return token;
  }

  private remember(value: string, token: DeltaToken): void {
    if (this.verified.size >= VERIFIED_CAP) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(value, token);
  }

  private verify(value: string): DeltaToken | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
    const raw = Buffer.from(value, "base64url");
    if (raw.length <= MAC_BYTES) return undefined;
    const json = raw.subarray(MAC_BYTES);
    if (!timingSafeEqual(raw.subarray(0, MAC_BYTES), this.mac(json))) return undefined;
    try {
      return JSON.parse(json.toString("utf8")) as DeltaToken;
    } catch {
      return undefined;
    }
  }

  private mac(body: Buffer): Buffer {
    return createHmac("sha256", this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
