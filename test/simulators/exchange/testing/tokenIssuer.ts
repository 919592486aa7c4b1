/**
 * A stand-in for Entra ID in these tests: an RSA key pair whose public half is served as a JWKS, and helpers minting
 * v1-shaped access tokens for Exchange (delegated with scp, app-only with roles). Keeps these tests independent of the
 * Entra simulator.
 */
import express from "express";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import type { KeyLike } from "jose";
import { listen } from "../../shared/listen";

export const EXO_RESOURCE = "https://outlook.office365.com";

export interface TokenClaims {
  readonly tenantId: string;
  readonly appId?: string;
  readonly audience?: string;
  readonly issuer?: string;
  /** Seconds since the epoch; defaults to now and now + 1 h. */
  readonly issuedAt?: number;
  readonly expiresAt?: number;
  readonly extra?: Record<string, unknown>;
}

export interface TokenIssuer {
  readonly jwksUri: string;
  readonly issuerPrefix: string;
  delegated(upn: string, claims: TokenClaims & { scp?: string }): Promise<string>;
  appOnly(claims: TokenClaims & { roles?: string[] }): Promise<string>;
  /** Signed with a key the JWKS does not publish. */
  forged(upn: string, claims: TokenClaims): Promise<string>;
  close(): Promise<void>;
}

export const DEFAULT_APP_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const rogue = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "sim-key-1", use: "sig", alg: "RS256" };
  const app = express();
  app.get("/keys", (_req, res) => {
    res.json({ keys: [jwk] });
  });
  const server = await listen(app, { protocol: "http" });
  const issuerPrefix = "https://sts.windows.net/";

  const sign = async (payload: Record<string, unknown>, claims: TokenClaims, key: KeyLike, kid: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...payload, tid: claims.tenantId, ver: "1.0", ...claims.extra })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
      .setIssuer(claims.issuer ?? `${issuerPrefix}${claims.tenantId}/`)
      .setAudience(claims.audience ?? EXO_RESOURCE)
      .setIssuedAt(claims.issuedAt ?? now)
      .setNotBefore(claims.issuedAt ?? now)
      .setExpirationTime(claims.expiresAt ?? now + 3600)
      .sign(key);
  };

  return {
    jwksUri: `${server.url}/keys`,
    issuerPrefix,
    delegated: (upn, claims) =>
      sign({ upn, unique_name: upn, oid: "00000000-0000-0000-0000-0000000000a1", appid: claims.appId ?? DEFAULT_APP_ID, scp: claims.scp ?? "EWS.AccessAsUser.All" }, claims, privateKey, "sim-key-1"),
    appOnly: (claims) =>
      sign({ appid: claims.appId ?? DEFAULT_APP_ID, oid: "00000000-0000-0000-0000-0000000000b2", roles: claims.roles ?? ["full_access_as_app"] }, claims, privateKey, "sim-key-1"),
    forged: (upn, claims) => sign({ upn, appid: DEFAULT_APP_ID, scp: "EWS.AccessAsUser.All" }, claims, rogue.privateKey, "sim-key-1"),
    close: () => server.close(),
  };
}
