/** Where the pane's build keeps Office.js when the server did not fill in OFFICE_JS_URL. */
const bundledOfficeJs = "/office-js/office.js";

/**
 * Loads Office.js into a page that is served as a plain file (the sign-in dialog page). The URL comes from a meta tag
 * the server may fill in (OFFICE_JS_URL: the bundled copy or Microsoft's CDN). Resolves with the Office global once it
 * is ready, or null outside Office (the page then shows its outcome instead of messaging the pane).
 */
export function loadOfficeJs(timeoutMs = 10_000): Promise<typeof Office | null> {
  const existing = (globalThis as { Office?: typeof Office }).Office;
  if (existing?.onReady) return ready(existing, timeoutMs);
  const meta = document.querySelector<HTMLMetaElement>('meta[name="office-js-url"]')?.content ?? "";
  const src = meta && !meta.startsWith("%") ? meta : bundledOfficeJs;
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => {
      const office = (globalThis as { Office?: typeof Office }).Office;
      void (office?.onReady ? ready(office, timeoutMs) : Promise.resolve(null)).then(resolve);
    };
    script.onerror = () => resolve(null);
    document.head.appendChild(script);
  });
}

async function ready(office: typeof Office, timeoutMs: number): Promise<typeof Office | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    office.onReady().then(() => office),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}
