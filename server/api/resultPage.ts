import type { ConnectOutcome } from "./contract";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
/** JSON inside a <script> must not be able to close the script element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

function page(title: string, body: string, script = "", officeJsUrl?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${officeJsUrl ? `<script src="${escapeHtml(officeJsUrl)}"></script>` : ""}
<style>body{font-family:"Segoe UI",-apple-system,Roboto,sans-serif;margin:0;padding:32px;color:#242424;line-height:1.5}
h1{font-size:20px;font-weight:600;margin:0 0 12px}p{margin:0 0 12px;max-width:560px}code{word-break:break-all}</style>
</head><body>${body}${script}</body></html>`;
}

const headline: Record<ConnectOutcome["outcome"], string> = {
  connected: "Your mailbox is connected",
  declined: "Sync was not set up",
  attention: "Sync needs attention",
  error: "Something went wrong",
};

/**
 * The connect dialog's last page: it tells the sidebar the outcome (Office dialog messageParent) and closes; opened
 * outside Outlook it simply shows the outcome.
 */
export function connectResultPage(outcome: ConnectOutcome, officeJsUrl: string): string {
  const text =
    outcome.outcome === "connected"
      ? `${outcome.email} will sync every 30 minutes. You can close this window.`
      : outcome.outcome === "attention"
        ? outcome.remedy.text
        : outcome.message;
  const link =
    (outcome.outcome === "attention" || outcome.outcome === "declined") && outcome.adminConsentUrl
      ? `<p>Link for your administrator: <code id="admin-consent-url">${escapeHtml(outcome.adminConsentUrl)}</code></p>`
      : "";
  const script = `<script>
  (function () {
    var outcome = ${scriptJson(outcome)};
    window.__connectOutcome = outcome;
    function send() {
      try { Office.context.ui.messageParent(JSON.stringify(outcome)); } catch (e) { /* not inside an Office dialog */ }
    }
    if (window.Office && Office.onReady) Office.onReady(send);
  })();
</script>`;
  return page(headline[outcome.outcome], `<h1>${escapeHtml(headline[outcome.outcome])}</h1><p id="outcome-text">${escapeHtml(text)}</p>${link}`, script, officeJsUrl);
}

export function adminConsentResultPage(ok: boolean, text: string): string {
  const title = ok ? "Consent granted" : "Consent failed";
  return page(title, `<h1>${escapeHtml(title)}</h1><p id="outcome-text">${escapeHtml(text)}</p>`);
}
