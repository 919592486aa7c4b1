import { entraTimestamp, type EntraError, type RequestStamp } from "./errors";
import { escapeHtml, renderPage } from "./pageLayout";

/**
 * The page Entra shows instead of redirecting when it cannot trust the redirect URI (unknown client, AADSTS50011
 * reply-URL mismatch, unknown tenant) or for faults the user must see. Like the real one it has a "Troubleshooting
 * details" block with the request id, correlation id and timestamp.
 */
export function renderErrorPage(err: EntraError, stamp: RequestStamp): string {
  return renderPage({
    title: "Sign in to your account",
    body: `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p id="error-message" role="alert">AADSTS${err.code}: ${escapeHtml(err.message.replace(/^AADSTS\d+: /, ""))}</p>
<div class="details"><strong>Troubleshooting details</strong><br>
Request Id: ${escapeHtml(stamp.traceId)}<br>
Correlation Id: ${escapeHtml(stamp.correlationId)}<br>
Timestamp: ${escapeHtml(entraTimestamp(stamp.nowMs))}<br>
Message: AADSTS${err.code}</div>`,
  });
}
