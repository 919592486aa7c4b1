/** Which client apps may call the API: only our own (azp in v2 tokens, appid in v1), whatever else is right. */
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { CallerTokenVerifier, UnauthorizedError } from "../../server/identity/callerToken";

const AUTHORITY = "https://login.example.test";
const OUR_APP = "0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44";
const OTHER_APP = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const TENANT = "5a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

describe("caller tokens: the client app", () => {
  let verifier: CallerTokenVerifier;
  let sign: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    verifier = new CallerTokenVerifier({ authorityHost: AUTHORITY, clientId: OUR_APP, tenant: "organizations", keys: createLocalJWKSet({ keys: [jwk] }) });
    sign = (claims) =>
      new SignJWT({ tid: TENANT, oid: "11111111-2222-4333-8444-555555555555", scp: "access_as_user", preferred_username: "adele@contoso.com", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(`${AUTHORITY}/${TENANT}/v2.0`)
        .setAudience(OUR_APP)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);
  });

  it("accepts a token our own app obtained (azp, or appid in a v1-shaped token)", async () => {
    await expect(verifier.verify(`Bearer ${await sign({ azp: OUR_APP })}`)).resolves.toMatchObject({ tid: TENANT, username: "adele@contoso.com" });
    await expect(verifier.verify(`Bearer ${await sign({ appid: OUR_APP })}`)).resolves.toMatchObject({ tid: TENANT });
  });

  it("refuses a token for our API that another client app obtained, or one that names no client", async () => {
    await expect(verifier.verify(`Bearer ${await sign({ azp: OTHER_APP })}`)).rejects.toThrow(/client app this API does not accept/);
    await expect(verifier.verify(`Bearer ${await sign({ appid: OTHER_APP })}`)).rejects.toThrow(UnauthorizedError);
    await expect(verifier.verify(`Bearer ${await sign({})}`)).rejects.toThrow(UnauthorizedError);
  });
});
