/**
 * Server side of NTLM over HTTP, as IIS does it for Exchange: Type 1 -> 401 with a Type 2 challenge -> Type 3 on the same
 * TCP connection. Only NTLMv2 responses are accepted (Exchange servers run with LmCompatibilityLevel 5). Authentication
 * is bound to the connection: the challenge lives on the socket, and an authenticated socket stays authenticated.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { MailboxStore } from "../store/mailboxStore";
import type { AuthOutcome } from "./authenticate";
import { windowsChallenge } from "./challenge";
import type { Caller } from "./identity";
import { md4 } from "./md4";

const SIGNATURE = Buffer.from("NTLMSSP\0", "ascii");
const FLAG_UNICODE = 0x00000001;
const FLAG_REQUEST_TARGET = 0x00000004;
const FLAG_NTLM = 0x00000200;
const FLAG_ALWAYS_SIGN = 0x00008000;
const FLAG_TARGET_TYPE_DOMAIN = 0x00010000;
const FLAG_EXTENDED_SESSION_SECURITY = 0x00080000;
const FLAG_TARGET_INFO = 0x00800000;
const FLAG_128 = 0x20000000;
const FLAG_56 = 0x80000000;

interface Pending {
  readonly challenge: Buffer;
  readonly flags: number;
}

function securityBuffer(msg: Buffer, offset: number): Buffer {
  const length = msg.readUInt16LE(offset);
  const at = msg.readUInt32LE(offset + 4);
  if (at + length > msg.length) throw new RangeError("security buffer outside message");
  return msg.subarray(at, at + length);
}

function avPair(id: number, value: string): Buffer {
  const data = Buffer.from(value, "utf16le");
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

export class NtlmAuthenticator {
  private readonly pending = new WeakMap<Socket, Pending>();
  private readonly authenticated = new WeakMap<Socket, Caller>();

  constructor(private readonly store: MailboxStore, private readonly netbiosDomain: () => string, private readonly realm: () => string) {}

  /** A connection authenticated earlier needs no Authorization header on later requests. */
  connectionCaller(req: IncomingMessage): Caller | undefined {
    const caller = this.authenticated.get(req.socket);
    // A password changed in AD (the directory holds a new account record): the connection must authenticate again.
    if (caller?.kind === "account" && this.store.findAccount(`${caller.account.domain}\\${caller.account.username}`) !== caller.account) {
      this.authenticated.delete(req.socket);
      return undefined;
    }
    return caller;
  }

  async handle(req: IncomingMessage, header: string): Promise<AuthOutcome> {
    const token = header.replace(/^(NTLM|Negotiate)\s+/i, "").trim();
    let msg: Buffer;
    try {
      msg = Buffer.from(token, "base64");
    } catch {
      return this.fail();
    }
    if (msg.length < 12 || !msg.subarray(0, 8).equals(SIGNATURE)) return this.fail();
    const type = msg.readUInt32LE(8);
    if (type === 1) return this.challenge(req);
    if (type === 3) return this.authenticate(req, msg);
    return this.fail();
  }

  private fail(): AuthOutcome {
    return { ok: false, rejection: windowsChallenge(this.realm(), true) };
  }

  private challenge(req: IncomingMessage): AuthOutcome {
    const challenge = randomBytes(8);
    const flags =
      FLAG_UNICODE | FLAG_REQUEST_TARGET | FLAG_NTLM | FLAG_ALWAYS_SIGN | FLAG_TARGET_TYPE_DOMAIN | FLAG_EXTENDED_SESSION_SECURITY |
      FLAG_TARGET_INFO | FLAG_128 | FLAG_56;
    const domain = this.netbiosDomain();
    const target = Buffer.from(domain, "utf16le");
    const timestamp = Buffer.alloc(12);
    timestamp.writeUInt16LE(7, 0);
    timestamp.writeUInt16LE(8, 2);
    timestamp.writeBigUInt64LE(BigInt(Date.now() + 11644473600000) * 10000n, 4);
    const info = Buffer.concat([
      avPair(2, domain),
      avPair(1, "EXCH01"),
      avPair(4, `${domain.toLowerCase()}.local`),
      avPair(3, `exch01.${domain.toLowerCase()}.local`),
      timestamp,
      Buffer.alloc(4),
    ]);
    const header = Buffer.alloc(48);
    SIGNATURE.copy(header, 0);
    header.writeUInt32LE(2, 8);
    header.writeUInt16LE(target.length, 12);
    header.writeUInt16LE(target.length, 14);
    header.writeUInt32LE(48, 16);
    header.writeUInt32LE(flags >>> 0, 20);
    challenge.copy(header, 24);
    header.writeUInt16LE(info.length, 40);
    header.writeUInt16LE(info.length, 42);
    header.writeUInt32LE(48 + target.length, 44);
    this.pending.set(req.socket, { challenge, flags });
    const type2 = Buffer.concat([header, target, info]).toString("base64");
    return { ok: false, rejection: windowsChallenge(this.realm(), true, type2) };
  }

  private authenticate(req: IncomingMessage, msg: Buffer): AuthOutcome {
    const pending = this.pending.get(req.socket);
    this.pending.delete(req.socket);
    if (!pending || msg.length < 52) return this.fail();
    try {
      const unicode = (msg.length >= 64 ? msg.readUInt32LE(60) : pending.flags) & FLAG_UNICODE;
      const decode = (b: Buffer) => (unicode ? b.toString("utf16le") : b.toString("latin1"));
      const ntResponse = securityBuffer(msg, 20);
      const domain = decode(securityBuffer(msg, 28));
      const user = decode(securityBuffer(msg, 36));
      // NTLMv1 responses are exactly 24 bytes; Exchange servers refuse them.
      if (ntResponse.length <= 24) return this.fail();
      const account = this.store.findAccount(domain ? `${domain}\\${user}` : user);
      if (!account) return this.fail();
      const ntHash = md4(Buffer.from(account.password, "utf16le"));
      const ntowf2 = createHmac("md5", ntHash).update(Buffer.from(user.toUpperCase() + domain, "utf16le")).digest();
      const proof = ntResponse.subarray(0, 16);
      const blob = ntResponse.subarray(16);
      const expected = createHmac("md5", ntowf2).update(Buffer.concat([pending.challenge, blob])).digest();
      if (!timingSafeEqual(proof, expected)) return this.fail();
      const caller: Caller = { kind: "account", account };
      this.authenticated.set(req.socket, caller);
      return { ok: true, caller };
    } catch {
      return this.fail();
    }
  }
}
