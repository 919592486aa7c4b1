import { createHash, type KeyObject } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";

/**
 * Token-signing keys. Entra signs with RS256 and publishes the public halves at /discovery/v2.0/keys with `kid` and
 * `x5t` equal (both the certificate's base64url SHA-1 thumbprint). The simulator has no X.509 certificate, so it uses
 * the SHA-1 of the public key (SPKI DER) for both and omits `x5c`; validators that select by `kid` (jose, MSAL, the
 * Microsoft.IdentityModel stack) behave the same. Keys can be rotated; retired keys stay published, as Entra keeps
 * several keys in the document during a rollover.
 */

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface PublishedJwk {
  kty: string;
  use: "sig";
  kid: string;
  x5t: string;
  n: string;
  e: string;
  issuer: string;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const spki = (publicKey as KeyObject).export({ type: "spki", format: "der" });
  const kid = createHash("sha1").update(spki).digest("base64url");
  return { kid, privateKey: privateKey as KeyObject, publicKey: publicKey as KeyObject };
}

export class SigningKeys {
  private keys: SigningKey[];

  private constructor(first: SigningKey) {
    this.keys = [first];
  }

  static async create(): Promise<SigningKeys> {
    return new SigningKeys(await newSigningKey());
  }

  /** The key new tokens are signed with. */
  get active(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error("no signing key");
    return key;
  }

  all(): readonly SigningKey[] {
    return this.keys;
  }

  byKid(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  /** Starts signing with a new key; the old ones stay published (and valid) unless `dropOld`. Returns the new kid. */
  async rotate(options: { dropOld: boolean }): Promise<string> {
    const next = await newSigningKey();
    this.keys = options.dropOld ? [next] : [next, ...this.keys];
    return next.kid;
  }

  /**
   * The JWKS document. `issuer` per key is what the real v2.0 keys endpoint publishes, with the literal `{tenantid}`
   * template (multi-tenant validators substitute the token's tid).
   */
  async jwks(issuerTemplate: string): Promise<{ keys: PublishedJwk[] }> {
    const keys: PublishedJwk[] = [];
    for (const key of this.keys) {
      const jwk = await exportJWK(key.publicKey);
      keys.push({ kty: "RSA", use: "sig", kid: key.kid, x5t: key.kid, n: jwk.n ?? "", e: jwk.e ?? "", issuer: issuerTemplate });
    }
    return { keys };
  }
}
