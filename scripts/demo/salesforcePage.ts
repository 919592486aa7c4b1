import type { DemoActivityRecord } from "../../addin/demo/demoContract";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** /demo/salesforce: a small read-only table of what reached "Salesforce", so a newcomer sees the result of sync. */
export function salesforcePage(orgName: string, records: readonly DemoActivityRecord[]): string {
  const row = (r: DemoActivityRecord) =>
    `<tr><td>${r.type}</td><td>${escapeHtml(r.subject)}</td><td>${escapeHtml(r.who.join(", ") || "—")}</td><td>${escapeHtml(r.what ?? "—")}</td>` +
    `<td>${escapeHtml(r.owner ?? "—")}</td><td>${escapeHtml(r.when ?? "—")}</td><td>${escapeHtml(r.createdDate)}</td><td><code>${escapeHtml(r.key ?? "—")}</code></td><td><code>${escapeHtml(r.id)}</code></td></tr>`;
  const tasks = records.filter((r) => r.type === "Task").length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Salesforce (demo): activities</title>
<link rel="stylesheet" href="/demo/salesforce.css">
</head><body>
<header><span class="cloud" aria-hidden="true">☁</span><h1>${escapeHtml(orgName)}: activities</h1>
<nav><a href="/demo/salesforce">Refresh</a> · <a href="/demo">Back to the demo Outlook</a></nav></header>
<main>
<p>Read-only view of the Salesforce simulator: ${tasks} tasks (emails) and ${records.length - tasks} events (meetings), newest first.
The key is the record's <code>Sync_Key__c</code>, made from the email's Message-ID or the meeting's UID (SHA-256), so nothing is logged twice.</p>
${
  records.length === 0
    ? `<p id="empty">Nothing has been logged yet. Set up sync in the demo Outlook, or log an email from the pane.</p>`
    : `<table><caption>Tasks and events</caption><thead><tr><th scope="col">Type</th><th scope="col">Subject</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Assigned to</th><th scope="col">Date</th><th scope="col">Created</th><th scope="col">Key</th><th scope="col">Record id</th></tr></thead>
<tbody>${records.map(row).join("\n")}</tbody></table>`
}
</main></body></html>`;
}

export const salesforceCss = `body{font-family:"Segoe UI",-apple-system,Roboto,sans-serif;margin:0;color:#181818;background:#f3f3f3;font-size:14px}
header{display:flex;align-items:center;gap:12px;background:#0176d3;color:#fff;padding:10px 20px}
header h1{font-size:18px;font-weight:600;margin:0;flex:1}header a{color:#fff}.cloud{font-size:24px}
main{padding:16px 20px}table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #ddd}
caption{text-align:left;font-weight:600;padding:8px 0}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#fafaf9;font-weight:600}code{font-size:12px;word-break:break-all}`;
