/**
 * Salesforce's own answers, as documented (test/fixtures/sf-samples), decide whether the whole organisation's CRM is
 * disconnected, paused, or just had a transient failure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { blocks, newProblem, problemFromOAuth, problemFromRest } from "../../server/crm/crmProblems";

const sample = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, "../fixtures/sf-samples", name), "utf8")) as T;
const oauth = (name: string) => {
  const s = sample<{ error: string; error_description: string }>(name);
  return problemFromOAuth(s.error, s.error_description);
};

describe("what a Salesforce refusal means for the organisation", () => {
  it("reads the token endpoint's documented errors", () => {
    expect(oauth("token-error-expired-refresh-token-400.json")).toBe("grant_revoked");
    expect(oauth("token-error-inactive-user-400-RECONSTRUCTED.json")).toBe("user_deactivated");
    expect(oauth("token-error-invalid-client-id-400.json")).toBe("app_rejected");
    expect(oauth("token-error-invalid-app-access-400.json")).toBe("app_rejected");
    expect(problemFromOAuth("inactive_user", "user is inactive")).toBe("user_deactivated");
    expect(problemFromOAuth("inactive_org", "organization is locked, closed, or suspended")).toBe("org_inactive");
    // Too many logins, an outage: try again later, nobody needs to reconnect.
    expect(problemFromOAuth("rate_limit_exceeded", "number of logins exceeded")).toBeNull();
    expect(problemFromOAuth("temporarily_unavailable", "service temporarily unavailable")).toBeNull();
  });

  it("reads REST error codes: the daily limit pauses, a disabled API disconnects, a row lock is nobody's problem", () => {
    expect(problemFromRest(sample<{ errorCode: string }[]>("rest-error-403-request-limit-exceeded.json")[0]!.errorCode)).toBe("api_limit");
    expect(problemFromRest(sample<{ errorCode: string }[]>("rest-error-403-api-disabled-for-org.json")[0]!.errorCode)).toBe("api_disabled");
    expect(problemFromRest("UNABLE_TO_LOCK_ROW")).toBeNull();
  });

  it("a pause ends by itself; a disconnect waits for an admin", () => {
    const now = new Date();
    const pause = newProblem("api_limit", "REQUEST_LIMIT_EXCEEDED", now);
    expect(blocks(pause, now)).toBe(true);
    expect(blocks(pause, new Date(new Date(pause.pausedUntil!).getTime() + 1))).toBe(false);
    const revoked = newProblem("grant_revoked", "invalid_grant", now);
    expect(revoked.pausedUntil).toBeUndefined();
    expect(blocks(revoked, new Date(now.getTime() + 365 * 86_400_000))).toBe(true);
    expect(blocks(null, now)).toBe(false);
  });
});
