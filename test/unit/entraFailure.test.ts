import { readFileSync } from "node:fs";
import { join } from "node:path";
import { aadstsCode, classifyMsalError, classifyOAuthError } from "../../server/identity/entraFailure";
import { projectRoot } from "../../server/paths";

const sample = (name: string) =>
  JSON.parse(readFileSync(join(projectRoot, "test/fixtures/ms-samples/entra", name), "utf8")) as {
    error: string;
    error_description: string;
    suberror?: string;
  };

describe("classifying Entra errors", () => {
  it.each([
    ["token-error-700082-expired-refresh-token-400.json", "reconnect_required"],
    ["token-error-65001-consent_required-400.json", "consent_required"],
    ["token-error-7000215-invalid-secret-401.json", "server_misconfigured"],
    ["token-error-50076-mfa-400.json", "reconnect_required"],
    ["token-error-50079-mfa-enroll-400.json", "reconnect_required"],
  ])("maps Microsoft's documented body %s to %s", (file, reason) => {
    const body = sample(file);
    expect(classifyOAuthError(body.error, body.error_description, body.suberror)).toMatchObject({ kind: "attention", reason });
  });

  it("treats a declined consent on the redirect as the user's choice, not a failure", () => {
    expect(classifyOAuthError("access_denied", "AADSTS65004: User declined to consent to access the app.")).toMatchObject({
      kind: "declined",
      code: 65004,
    });
  });

  it("recognises admin approval required (90094) on the redirect", () => {
    expect(classifyOAuthError("access_denied", "AADSTS90094: The grant requires admin permission.")).toMatchObject({
      kind: "attention",
      reason: "admin_approval_required",
    });
  });

  it("treats Entra being temporarily unavailable and network failures as transient", () => {
    expect(classifyOAuthError("temporarily_unavailable", "AADSTS90033: A transient error has occurred.")).toMatchObject({ kind: "transient" });
    expect(classifyMsalError(Object.assign(new Error("fetch failed"), { errorCode: "network_error" }))).toMatchObject({ kind: "transient" });
  });

  it("reads msal-node's InteractionRequiredAuthError shape", () => {
    const err = {
      name: "InteractionRequiredAuthError",
      errorCode: "invalid_grant",
      subError: "bad_token",
      errorMessage: "AADSTS50173: The provided grant has expired due to it being revoked.\r\nTrace ID: x",
    };
    expect(classifyMsalError(err)).toMatchObject({ kind: "attention", reason: "reconnect_required", code: 50173 });
  });

  it("finds the AADSTS code in a description", () => {
    expect(aadstsCode("AADSTS70011: The provided request must include a 'scope' input parameter.")).toBe(70011);
    expect(aadstsCode("no code")).toBeNull();
  });
});
