import { ApiError } from "../../../addin/apiHttp";
import { onpremProblemFrom } from "../../../addin/taskpane/onpremForm";

describe("the on-premises form's reading of a refusal", () => {
  it("a failed Autodiscover asks for the server fields and lists where it looked, one line per place", () => {
    const body = {
      error: "not_found",
      field: "ewsUrl",
      message: "We could not find your Exchange server automatically. Ask IT for your Exchange server's EWS URL.",
      tried: [
        { at: "https://contoso.com/autodiscover/autodiscover.xml", result: "No Exchange server answered" },
        { at: "DNS SRV _autodiscover._tcp.contoso.com", result: "no record" },
        { at: 42, result: "not a step" },
      ],
    };
    const p = onpremProblemFrom(new ApiError(422, "not_found", body.message, null, body));
    expect(p).toMatchObject({ field: "ewsUrl", askServerFields: true, unconfirmedHost: null });
    expect(p?.tried).toEqual(["https://contoso.com/autodiscover/autodiscover.xml: No Exchange server answered", "DNS SRV _autodiscover._tcp.contoso.com: no record"]);
  });

  it("a malformed field is marked with nothing tried, and an error that is not the form's is left to the pane", () => {
    expect(onpremProblemFrom(new ApiError(400, "invalid_request", "ewsUrl: must start with https://", null, { field: "ewsUrl" }))).toMatchObject({ field: "ewsUrl", askServerFields: false, tried: [] });
    expect(onpremProblemFrom(new ApiError(0, "network", "The server could not be reached"))).toBeNull();
  });
});
