import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RequestHandler } from "express";

/**
 * The pane and console HTML built by webpack carry a placeholder for Office.js: the bundled copy by default, Microsoft's
 * CDN (https://appsforoffice.microsoft.com/lib/1/hosted/office.js) when OFFICE_JS_URL says so, as AppSource requires.
 */
export function htmlPage(distDir: string, file: string, officeJsUrl: string): RequestHandler {
  const path = join(distDir, file);
  let cached: string | undefined;
  return (_req, res) => {
    if (!cached) {
      if (!existsSync(path)) {
        res.status(503).type("text/plain").send(`${file} has not been built: run "npm run build" (npm start does it for you).`);
        return;
      }
      cached = readFileSync(path, "utf8").split("%OFFICE_JS_URL%").join(officeJsUrl);
    }
    res.type("html").set("Cache-Control", "no-cache").send(cached);
  };
}
