/**
 * The frame every sign-in page shares, styled after Microsoft's sign-in experience: light background, a white card
 * with the Microsoft logo, Segoe UI type, blue primary button. Self-contained (inline CSS and SVG) so it renders with
 * no network, in a headless browser as in a demo.
 */

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const microsoftLogo = `<svg class="logo" xmlns="http://www.w3.org/2000/svg" width="108" height="24" viewBox="0 0 108 24" role="img" aria-label="Microsoft">
<rect x="0" y="1" width="10.5" height="10.5" fill="#f25022"/><rect x="11.5" y="1" width="10.5" height="10.5" fill="#7fba00"/>
<rect x="0" y="12.5" width="10.5" height="10.5" fill="#00a4ef"/><rect x="11.5" y="12.5" width="10.5" height="10.5" fill="#ffb900"/>
<text x="28" y="18" font-family="Segoe UI, Segoe UI Web (West European), -apple-system, Helvetica Neue, Arial, sans-serif" font-size="17" font-weight="600" fill="#737373">Microsoft</text>
</svg>`;

const styles = `
*{box-sizing:border-box}
html{background:#f2f2f2 linear-gradient(135deg,#eaf1fb 0%,#f2f2f2 45%,#f6efe9 100%);min-height:100%}
html,body{margin:0}
body{font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",Arial,sans-serif;
  font-size:15px;color:#1b1b1b;display:flex;flex-direction:column;align-items:center;min-height:100vh;padding-top:32px}
/* margin:auto centres the card vertically when it fits and lets the page scroll (never clip) when it does not. */
main.card{flex-shrink:0;margin:auto 0;width:440px;max-width:calc(100vw - 40px);background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2);min-height:338px}
.logo{display:block;margin-bottom:16px}
.identity{display:flex;align-items:center;gap:8px;font-size:15px;margin:0 0 8px;color:#1b1b1b}
.identity .back{color:#1b1b1b;text-decoration:none;font-size:18px;line-height:1}
h1{font-size:24px;font-weight:600;line-height:28px;margin:12px 0 12px;color:#1b1b1b}
p{margin:0 0 12px;line-height:20px}
.muted{color:#605e5c;font-size:13px}
label.field{display:block;margin:16px 0 0}
label.field span{position:absolute;left:-9999px}
input.text{width:100%;border:none;border-bottom:1px solid #666;padding:6px 10px 6px 0;font:inherit;font-size:15px;height:36px;outline:none;background:transparent}
input.text:focus{border-bottom-color:#0067b8}
.error{color:#e81123;margin:12px 0 0;font-size:15px}
.links{margin:16px 0 0;font-size:13px}
a{color:#0067b8;text-decoration:none}
a:hover{text-decoration:underline;color:#666}
.actions{display:flex;justify-content:flex-end;gap:4px;margin-top:28px}
button{font:inherit;font-size:15px;min-width:108px;height:32px;padding:4px 12px;border:none;cursor:pointer}
button.primary{background:#0067b8;color:#fff}
button.primary:hover{background:#005da6}
button.secondary{background:#ccc;color:#000}
button.secondary:hover{background:#bbb}
.app{display:flex;gap:12px;align-items:center;margin:16px 0}
.app .tile{width:48px;height:48px;background:#0067b8;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600;font-size:18px}
.app .name{font-weight:600;font-size:17px}
.app .publisher{font-size:13px;color:#605e5c}
.app .publisher .warn{color:#a80000;font-weight:600}
ul.permissions{list-style:none;padding:0;margin:8px 0 16px}
ul.permissions li{display:flex;gap:10px;padding:6px 0;border-bottom:1px solid #edebe9;line-height:20px}
ul.permissions li .check{color:#107c10;font-weight:700}
ul.permissions li .permission{display:block}
ul.permissions li .detail{display:block;font-size:12px;color:#605e5c}
.org{display:flex;gap:8px;align-items:flex-start;margin:8px 0 12px;font-size:14px}
.small{font-size:12px;line-height:16px;color:#605e5c}
.accounts{list-style:none;padding:0;margin:8px 0}
.accounts li{margin:0}
.accounts button{display:flex;flex-direction:column;align-items:flex-start;width:100%;height:auto;padding:10px 12px;background:#fff;color:#1b1b1b;text-align:left;border-bottom:1px solid #edebe9}
.accounts button:hover{background:#f2f2f2}
.accounts .upn{font-size:13px;color:#605e5c}
textarea{width:100%;min-height:72px;font:inherit;font-size:14px;padding:6px;border:1px solid #8a8886}
.details{margin-top:20px;padding-top:12px;border-top:1px solid #edebe9;font-size:12px;color:#605e5c;word-break:break-all}
footer{align-self:flex-end;margin-top:24px;padding:8px 16px;font-size:12px;color:#605e5c}
footer a{color:#605e5c;margin-left:16px}
`;

export interface PageOptions {
  readonly title: string;
  /** The signed-in account shown above the heading, as Microsoft's pages do once the username is known. */
  readonly identity?: string;
  readonly body: string;
}

export function renderPage(options: PageOptions): string {
  const identity = options.identity ? `<div class="identity"><span class="back" aria-hidden="true">&#8592;</span><span>${escapeHtml(options.identity)}</span></div>` : "";
  return `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${styles}</style>
</head>
<body>
<main class="card">
${microsoftLogo}
${identity}
${options.body}
</main>
<footer><a href="#">Terms of use</a><a href="#">Privacy &amp; cookies</a><a href="#" aria-label="More options">&middot;&middot;&middot;</a></footer>
</body>
</html>`;
}

export function hiddenInput(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}
