import type { Request } from "express";
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from "jose";
import { aadsts } from "./aadsts";
import type { EntraContext } from "./context";
import type { Application, ClientCertificate } from "./directoryTypes";
import { EntraError } from "./errors";
import { stringParam } from "./http";
import type { ClientAuthMethod } from "./tokens";

/**
 * Client authentication at the token endpoint (v2-oauth2-auth-code-flow.md, certificate-credentials.md):
 * `client_secret` in the form, the same in HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret), or a
 * `client_assertion` JWT signed with a registered certificate's key (header x5t or x5t#S256 names the certificate).
 */

export const jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type PresentedCredential =
  | { readonly kind: "none" }
  | { readonly kind: "secret"; readonly value: string }
  | { readonly kind: "assertion"; readonly jwt: string };

export interface PresentedClient {
  readonly clientId?: string;
  readonly credential: PresentedCredential;
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

export function presentedClient(req: Request): PresentedClient {
  const body = req.body as unknown;
  let clientId = stringParam(body, "client_id");
  let secret = stringParam(body, "client_secret");
  const header = req.get("authorization");
  if (header?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      clientId ??= formDecode(decoded.slice(0, colon));
      secret ??= formDecode(decoded.slice(colon + 1));
    }
  }
  const assertion = stringParam(body, "client_assertion");
  if (assertion !== undefined) {
    if (stringParam(body, "client_assertion_type") !== jwtBearerAssertionType) throw aadsts.invalidParameter("client_assertion_type");
    return { clientId, credential: { kind: "assertion", jwt: assertion } };
  }
  return { clientId, credential: secret !== undefined ? { kind: "secret", value: secret } : { kind: "none" } };
}

function checkSecret(ctx: EntraContext, client: Application, value: string): ClientAuthMethod {
  const matching = client.secrets.filter((s) => s.secretText === value);
  if (matching.length === 0) throw aadsts.invalidClientSecret(client.appId);
  const now = ctx.clock.now();
  if (!matching.some((s) => s.startMs <= now && now < s.endMs)) throw aadsts.expiredClientSecret(client.appId);
  return 1;
}

function certificateFor(client: Application, header: Record<string, unknown>): ClientCertificate | undefined {
  const sha256 = header["x5t#S256"];
  const sha1 = header.x5t;
  return client.certificates.find(
    (c) =>
      (typeof sha256 === "string" && c.thumbprintSha256.toString("base64url") === sha256) ||
      (typeof sha1 === "string" && c.thumbprintSha1.toString("base64url") === sha1),
  );
}

/**
 * Validates a client assertion. Its lifetime is checked against the wall clock, not the simulated one: the client
 * signs it with its own clock, which tests that advance the simulator's clock do not move.
 */
async function checkAssertion(client: Application, jwt: string, audiences: readonly string[]): Promise<ClientAuthMethod> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwt) as Record<string, unknown>;
  } catch {
    throw aadsts.clientAssertionInvalid("The assertion is not a JWT.");
  }
  const certificate = certificateFor(client, header);
  if (!certificate) throw aadsts.clientAssertionSignatureInvalid();
  try {
    const { payload } = await jwtVerify(jwt, certificate.publicKey, { algorithms: ["RS256", "PS256"], audience: [...audiences], clockTolerance: 300 });
    if (payload.iss !== client.appId || payload.sub !== client.appId) throw aadsts.clientAssertionInvalid("iss and sub must be the client id.");
    if (Date.now() >= certificate.endMs) throw aadsts.clientAssertionSignatureInvalid();
    return 2;
  } catch (err) {
    if (err instanceof EntraError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw aadsts.clientAssertionTimeRange();
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw aadsts.clientAssertionSignatureInvalid();
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw aadsts.clientAssertionInvalid(`Claim '${err.claim}' is not valid.`);
    throw aadsts.clientAssertionInvalid("The assertion could not be validated.");
  }
}

/** Confidential clients must prove themselves; returns how (the tokens' appidacr/azpacr). */
export async function authenticateConfidentialClient(
  ctx: EntraContext,
  client: Application,
  credential: PresentedCredential,
  tokenEndpointAudiences: readonly string[],
): Promise<ClientAuthMethod> {
  if (credential.kind === "none") throw aadsts.clientCredentialMissing();
  if (credential.kind === "secret") return checkSecret(ctx, client, credential.value);
  return checkAssertion(client, credential.jwt, tokenEndpointAudiences);
}
