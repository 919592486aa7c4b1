import { readFileSync } from "node:fs";

/** The manifest in the repository is written for https://localhost:3000; served, it names the configured public URL. */
export const manifestDevOrigin = "https://localhost:3000";

export function renderManifest(templatePath: string, publicUrl: string): string {
  const xml = readFileSync(templatePath, "utf8");
  return xml.split(manifestDevOrigin).join(publicUrl.replace(/\/+$/, ""));
}
