/**
 * The authorization page a browser sees when the simulator's authorize pages are on: the user's username (Salesforce's
 * login, simplified to who you are) and the app's "Allow access?" with Allow and Deny. Every authorize parameter rides
 * along in hidden fields, so the decision is a plain form POST back to /services/oauth2/authorize.
 */
import type { Params } from "./grants";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function authorizePage(appName: string, p: Params, username: string | null): string {
  const hidden = Object.entries(p)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "username" && e[0] !== "decision")
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join("\n      ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Salesforce - Allow Access?</title>
<style>body{font-family:sans-serif;background:#f3f3f3;margin:0}main{max-width:420px;margin:60px auto;background:#fff;border-radius:6px;padding:24px;box-shadow:0 1px 3px #0003}
h1{font-size:20px}label{display:block;margin:12px 0 4px}input[type=text]{width:100%;padding:8px;box-sizing:border-box}
.actions{margin-top:20px;display:flex;gap:12px}button{padding:8px 18px;border-radius:4px;border:1px solid #0176d3;cursor:pointer}
button[value=allow]{background:#0176d3;color:#fff}button[value=deny]{background:#fff;color:#0176d3}</style></head>
<body><main>
  <h1>Allow Access?</h1>
  <p><strong>${escape(appName)}</strong> is asking to access your Salesforce data and to stay connected when you are not using it.</p>
  <form method="post" action="/services/oauth2/authorize">
      ${hidden}
      <label for="username">Username</label>
      <input type="text" id="username" name="username" value="${escape(username ?? "")}" autocomplete="username">
      <div class="actions">
        <button type="submit" name="decision" value="deny">Deny</button>
        <button type="submit" name="decision" value="allow">Allow</button>
      </div>
  </form>
</main></body></html>`;
}
