/**
 * SyncState blobs. Real ones are gzip-compressed binary ("H4sI..." in base64); ours are too. The payload is a compact
 * cursor bound to one mailbox, folder and seeding epoch, and carries a MAC: a state that was truncated, edited, or
 * belongs to another mailbox or folder is refused with ErrorInvalidSyncStateData instead of being trusted.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";

const MAGIC = 0x5353; // "SS"
const FORMAT_VERSION = 1;
const MAC_BYTES = 8;

/** Item sync: either still walking the initial snapshot (newest first) or following the change log. */
export type ItemSyncCursor =
  | { readonly phase: "initial"; readonly snapshot: number; readonly nextKey: number }
  | { readonly phase: "incremental"; readonly watermark: number };

export type SyncState =
  | { readonly kind: "items"; readonly mailboxGuid: Buffer; readonly epoch: number; readonly folderCode: number; readonly cursor: ItemSyncCursor }
  | { readonly kind: "hierarchy"; readonly mailboxGuid: Buffer; readonly epoch: number; readonly folderCode: number; readonly version: number };

const KIND_ITEMS = 1;
const KIND_HIERARCHY = 2;

export class SyncStateCodec {
  constructor(private readonly secret: string) {}

  encode(state: SyncState): string {
    const body = Buffer.alloc(36);
    body.writeUInt16BE(MAGIC, 0);
    body[2] = FORMAT_VERSION;
    body[3] = state.kind === "items" ? KIND_ITEMS : KIND_HIERARCHY;
    state.mailboxGuid.copy(body, 4);
    body.writeUInt32BE(state.epoch, 20);
    body[24] = state.folderCode;
    if (state.kind === "items") {
      const c = state.cursor;
      body[25] = c.phase === "initial" ? 0 : 1;
      body.writeUInt32BE(c.phase === "initial" ? c.snapshot : c.watermark, 26);
      body.writeUInt32BE(c.phase === "initial" ? c.nextKey : 0, 30);
    } else {
      body[25] = 2;
      body.writeUInt32BE(state.version, 26);
    }
    const sealed = Buffer.concat([body, this.mac(body)]);
    return gzipSync(sealed, { level: 1 }).toString("base64");
  }

  /** undefined for anything that is not a state this simulator issued, intact. */
  decode(blob: string): SyncState | undefined {
    let raw: Buffer;
    try {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
      raw = gunzipSync(Buffer.from(blob, "base64"));
    } catch {
      return undefined;
    }
    if (raw.length !== 36 + MAC_BYTES) return undefined;
    const body = raw.subarray(0, 36);
    const mac = raw.subarray(36);
    if (!timingSafeEqual(mac, this.mac(body))) return undefined;
    if (body.readUInt16BE(0) !== MAGIC || body[2] !== FORMAT_VERSION) return undefined;
    const mailboxGuid = Buffer.from(body.subarray(4, 20));
    const epoch = body.readUInt32BE(20);
    const folderCode = body[24] as number;
    const phase = body[25];
    const a = body.readUInt32BE(26);
    const b = body.readUInt32BE(30);
    if (body[3] === KIND_ITEMS && phase === 0) {
      return { kind: "items", mailboxGuid, epoch, folderCode, cursor: { phase: "initial", snapshot: a, nextKey: b } };
    }
    if (body[3] === KIND_ITEMS && phase === 1) {
      return { kind: "items", mailboxGuid, epoch, folderCode, cursor: { phase: "incremental", watermark: a } };
    }
    if (body[3] === KIND_HIERARCHY && phase === 2) return { kind: "hierarchy", mailboxGuid, epoch, folderCode, version: a };
    return undefined;
  }

  private mac(body: Buffer): Buffer {
    return createHmac("sha256", this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
