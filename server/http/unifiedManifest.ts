import { readFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import { manifestDevOrigin } from "./manifest";

/**
 * The unified app manifest for Microsoft 365 (manifest.json), written for https://localhost:3000 like manifest.xml.
 * Served, every URL names the configured public URL and validDomains names its host. Admins upload an app package
 * (a zip of the manifest and its two package icons) to the Microsoft 365 admin center or sideload it in Outlook.
 */
export function renderUnifiedManifest(templatePath: string, publicUrl: string): string {
  const origin = publicUrl.replace(/\/+$/, "");
  const manifest = JSON.parse(readFileSync(templatePath, "utf8"), (_key, value: unknown) =>
    typeof value === "string" && value.startsWith(manifestDevOrigin) ? origin + value.slice(manifestDevOrigin.length) : value,
  ) as { validDomains?: string[] };
  // validDomains take a host (and port) without the scheme.
  manifest.validDomains = [new URL(origin).host];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The files the package's manifest names by relative path ("icons"), kept in the assets folder. */
export const appPackageIcons = ["color.png", "outline.png"] as const;

export function renderAppPackage(templatePath: string, assetsDir: string, publicUrl: string): Uint8Array {
  const files: Record<string, Uint8Array> = { "manifest.json": Buffer.from(renderUnifiedManifest(templatePath, publicUrl)) };
  for (const icon of appPackageIcons) files[icon] = readFileSync(join(assetsDir, icon));
  return zipSync(files, { level: 9 });
}
