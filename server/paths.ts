import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The project folder, found from this file whether it runs from source (tsx, jest) or compiled (dist/server/...):
 * the nearest folder upwards with our package.json.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "crm-mail-sync") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`could not find the project folder above ${start}`);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(__dirname);
export const addinDistDir = join(projectRoot, "dist", "addin");
export const addinAssetsDir = join(projectRoot, "addin", "assets");
export const manifestTemplatePath = join(projectRoot, "manifest.xml");
export const unifiedManifestTemplatePath = join(projectRoot, "manifest.json");
export const officeJsDir = join(projectRoot, "node_modules", "@microsoft", "office-js", "dist");
