/**
 * The demo's Office.js (served at /demo/office.js; demo mode points OFFICE_JS_URL here, since no Outlook hosts the
 * pane). It decides where it runs:
 * - in the demo Outlook page's pane frame: the page (window.parent.__demoOutlook) says who is signed in and what is open;
 * - in a page the end-to-end tests opened: window.__officeStandInOptions says the same;
 * - in an Office dialog (a popup the pane opened): messageParent goes to the pane;
 * - anywhere else: outside Office, as the real office.js is in a plain browser tab.
 */
import { createNaaBridge } from "./naaBridge";
import { createOfficeStandIn, officeOutsideHost } from "./officeStandIn";
import type { DemoOutlookHost, OfficeStandInOptions } from "./standInTypes";
import { standInGlobals } from "./standInTypes";

type Globals = Record<string, unknown>;

function sameOriginHost(win: Window): DemoOutlookHost | null {
  if (win.parent === win) return null;
  try {
    return ((win.parent as unknown as Globals)[standInGlobals.host] as DemoOutlookHost | undefined) ?? null;
  } catch {
    return null;
  }
}

function dialogOpener(win: Window): Window | null {
  const opener = win.opener as Window | null;
  if (!opener || opener === win) return null;
  try {
    return opener.location.origin === win.location.origin ? opener : null;
  } catch {
    return null;
  }
}

async function fetchAuthority(): Promise<string> {
  const res = await fetch("/api/config", { headers: { accept: "application/json" } });
  const config = (await res.json()) as { authorityHost: string; tenant: string };
  return `${config.authorityHost.replace(/\/+$/, "")}/${config.tenant}`;
}

/**
 * Outlook knows its tenant's authority before an add-in asks for a token: asked once per page, from the moment the
 * bridge is installed, and asked again only after a failure.
 */
function authorityOnce(): () => Promise<string> {
  let authority: Promise<string> | null = null;
  const get = () =>
    (authority ??= fetchAuthority().catch((err: unknown) => {
      authority = null;
      throw err;
    }));
  get().catch(() => undefined);
  return get;
}

function install(win: Window): void {
  const g = win as unknown as Globals;
  if (g.Office) return;
  const host = sameOriginHost(win);
  const opener = dialogOpener(win);
  const given = g[standInGlobals.options] as OfficeStandInOptions | undefined;
  const options: OfficeStandInOptions | null = given ?? host?.options ?? (opener ? { mailbox: { email: "" } } : null);
  if (!options) {
    Object.defineProperty(win, "Office", { value: officeOutsideHost(), writable: true, configurable: true });
    return;
  }
  const { office, control } = createOfficeStandIn(options, { window: win, dialogOpener: opener, onRoamingSaved: host ? (v) => host.saveRoaming(v) : undefined });
  if (options.nestedAppAuth && !opener) {
    const bridge = createNaaBridge(win, { loginHint: options.mailbox.email, defaultAuthority: authorityOnce(), log: control.naaRequests });
    Object.defineProperty(win, "nestedAppAuthBridge", { value: bridge, configurable: true });
  }
  Object.defineProperty(win, "Office", { value: office, writable: true, configurable: true });
  Object.defineProperty(win, standInGlobals.control, { value: control, configurable: true });
  host?.attach(control);
}

install(window);
