import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./keyRing";

/**
 * AES-256-GCM with a key id: "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts). The context (what the secret is
 * and whose) is bound as additional authenticated data, so a ciphertext moved to another row does not decrypt.
 */
export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

export function seal(ring: KeyRing, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", ring.current.id, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

export function open(ring: KeyRing, sealed: string, context: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") throw new SecretDecryptionError("not a sealed secret (unknown format)");
  const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = ring.find(keyId);
  if (!key) {
    throw new SecretDecryptionError(
      `sealed with key ${keyId}, which this server does not have: add it back to ENCRYPTION_KEYS (after the current key) or restore the key file`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("the sealed secret failed its integrity check (tampered, or sealed for another record)");
  }
}

/** The key id a sealed secret names, so rotation can find what still uses an old key. */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split(".")[1];
}
