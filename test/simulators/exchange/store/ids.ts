/**
 * Opaque EWS identifiers. Real ids are base64 of binary structures that embed the mailbox GUID (item ids start "AAMkA",
 * change keys "CQAAABYAAA", conversation ids "AAQkA"); ours follow the same layout so they look and behave alike:
 * the mailbox is recoverable from an id, and a checksum makes mangled ids fail as "malformed" rather than "not found".
 */
import { createHash } from "node:crypto";

const ITEM_PREFIX = [0x00, 0x03, 0x24, 0x00];
const FOLDER_PREFIX = [0x00, 0x03, 0x2e, 0x00];
const CONVERSATION_PREFIX = [0x00, 0x04, 0x24, 0x00];
const ITEM_TAG = 0x46;
const ATTACHMENT_TAG = 0x41;

export interface ItemIdParts {
  readonly mailboxGuid: Buffer;
  readonly folderCode: number;
  /** Incremented when a mailbox is re-seeded, so ids from before no longer resolve. */
  readonly epoch: number;
  /** The change number at which the item was created; unique within its folder. */
  readonly key: number;
}

export interface AttachmentIdParts extends ItemIdParts {
  readonly index: number;
}

/** 16-bit FNV-1a: enough to tell a mangled id from a real one, and cheap (ids are minted per item per page). */
function checksum(bytes: Buffer): Buffer {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  const out = Buffer.alloc(2);
  out.writeUInt16BE((h ^ (h >>> 16)) & 0xffff, 0);
  return out;
}

/** `body` must have two spare bytes at the end for the checksum. */
function seal(body: Buffer): string {
  const payload = body.subarray(0, body.length - 2);
  checksum(payload).copy(body, body.length - 2);
  return body.toString("base64");
}

function unseal(id: string, expectedLength: number, prefix: readonly number[]): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
  const bytes = Buffer.from(id, "base64");
  if (bytes.length !== expectedLength + 2) return undefined;
  const body = bytes.subarray(0, expectedLength);
  if (!checksum(body).equals(bytes.subarray(expectedLength))) return undefined;
  for (let i = 0; i < prefix.length; i++) if (body[i] !== prefix[i]) return undefined;
  return body;
}

const ITEM_PREFIX_BYTES = Buffer.from(ITEM_PREFIX);

function itemBody(parts: ItemIdParts, tag: number, extra: number[] = []): Buffer {
  const body = Buffer.alloc(30 + extra.length + 2);
  ITEM_PREFIX_BYTES.copy(body, 0);
  parts.mailboxGuid.copy(body, 4);
  body[20] = tag;
  body[21] = parts.folderCode;
  body.writeUInt32BE(parts.epoch, 22);
  body.writeUInt32BE(parts.key, 26);
  extra.forEach((b, i) => (body[30 + i] = b));
  return body;
}

export function encodeItemId(parts: ItemIdParts): string {
  return seal(itemBody(parts, ITEM_TAG));
}

export function decodeItemId(id: string): ItemIdParts | undefined {
  const body = unseal(id, 30, ITEM_PREFIX);
  if (!body || body[20] !== ITEM_TAG) return undefined;
  return {
    mailboxGuid: Buffer.from(body.subarray(4, 20)),
    folderCode: body[21] as number,
    epoch: body.readUInt32BE(22),
    key: body.readUInt32BE(26),
  };
}

/**
 * Graph's immutable ids (Prefer: IdType="ImmutableId") name an item by where it was created, so they survive moves;
 * the tag byte keeps them apart from the EWS/REST ids of the same item.
 */
const IMMUTABLE_TAG = 0x49;

export function encodeImmutableItemId(parts: ItemIdParts): string {
  return seal(itemBody(parts, IMMUTABLE_TAG));
}

export function decodeImmutableItemId(id: string): ItemIdParts | undefined {
  const body = unseal(id, 30, ITEM_PREFIX);
  if (!body || body[20] !== IMMUTABLE_TAG) return undefined;
  return {
    mailboxGuid: Buffer.from(body.subarray(4, 20)),
    folderCode: body[21] as number,
    epoch: body.readUInt32BE(22),
    key: body.readUInt32BE(26),
  };
}

export function encodeAttachmentId(parts: AttachmentIdParts): string {
  return seal(itemBody(parts, ATTACHMENT_TAG, [parts.index]));
}

export function decodeAttachmentId(id: string): AttachmentIdParts | undefined {
  const body = unseal(id, 31, ITEM_PREFIX);
  if (!body || body[20] !== ATTACHMENT_TAG) return undefined;
  return {
    mailboxGuid: Buffer.from(body.subarray(4, 20)),
    folderCode: body[21] as number,
    epoch: body.readUInt32BE(22),
    key: body.readUInt32BE(26),
    index: body[30] as number,
  };
}

/** Change keys change on every modification; layout [09000000 16000000][guid][6-byte counter] like real ones. */
export function encodeChangeKey(mailboxGuid: Buffer, epoch: number, version: number): string {
  const bytes = Buffer.alloc(30);
  bytes.writeUInt32LE(9, 0);
  bytes.writeUInt32LE(22, 4);
  mailboxGuid.copy(bytes, 8);
  bytes.writeUInt16BE(epoch & 0xffff, 24);
  bytes.writeUInt32BE(version, 26);
  return bytes.toString("base64");
}

export function encodeFolderId(mailboxGuid: Buffer, folderCode: number): string {
  const body = Buffer.alloc(23);
  Buffer.from(FOLDER_PREFIX).copy(body, 0);
  mailboxGuid.copy(body, 4);
  body[20] = folderCode;
  return seal(body);
}

export function decodeFolderId(id: string): { mailboxGuid: Buffer; folderCode: number } | undefined {
  const body = unseal(id, 21, FOLDER_PREFIX);
  if (!body) return undefined;
  return { mailboxGuid: Buffer.from(body.subarray(4, 20)), folderCode: body[20] as number };
}

/** Folder change keys start "AQAAABYAAA" on real servers. */
export function encodeFolderChangeKey(mailboxGuid: Buffer, version: number): string {
  const bytes = Buffer.alloc(30);
  bytes.writeUInt32LE(1, 0);
  bytes.writeUInt32LE(22, 4);
  mailboxGuid.copy(bytes, 8);
  bytes.writeUInt32BE(version, 26);
  return bytes.toString("base64");
}

const topicHashes = new Map<string, Buffer>();

/** 16 bytes identifying a conversation topic (memoised: seeded mailboxes reuse a few hundred topics). */
export function topicHash(topic: string): Buffer {
  const key = topic.toLowerCase();
  let hash = topicHashes.get(key);
  if (!hash) {
    hash = createHash("sha256").update(key).digest().subarray(0, 16);
    if (topicHashes.size > 50_000) topicHashes.clear();
    topicHashes.set(key, hash);
  }
  return hash;
}

/** Items of one thread share a ConversationId; derived from the mailbox and the normalised topic. */
export function encodeConversationId(mailboxGuid: Buffer, topic: string): string {
  return Buffer.concat([Buffer.from(CONVERSATION_PREFIX), mailboxGuid, Buffer.from([0x10, 0x00]), topicHash(topic)]).toString("base64");
}

/** A stable mailbox GUID derived from its address (real mailboxes have a random one; stable helps reproducible tests). */
export function mailboxGuidFor(smtp: string, salt: string): Buffer {
  return createHash("sha256").update(`${salt}\n${smtp.toLowerCase()}`).digest().subarray(0, 16);
}

export function guidString(bytes: Buffer): string {
  const h = bytes.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
