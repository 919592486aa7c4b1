import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { unzipSync } from "fflate";
import { renderAppPackage, renderUnifiedManifest } from "../../server/http/unifiedManifest";
import { addinAssetsDir, projectRoot, unifiedManifestTemplatePath } from "../../server/paths";

// Microsoft's published schema of the unified app manifest, as carried by Microsoft's own package (@microsoft/app-manifest,
// build/json-schemas/teams/vX/MicrosoftTeams.schema.json); the version is the one manifest.json declares.
type Manifest = Record<string, unknown> & { $schema: string; manifestVersion: string; validDomains: string[]; extensions: Record<string, unknown>[] };

function schemaFor(manifest: Manifest): object {
  const version = /\/teams\/(v[\d.]+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema)?.[1];
  if (!version || version !== `v${manifest.manifestVersion}`) throw new Error(`$schema ${manifest.$schema} does not match manifestVersion ${manifest.manifestVersion}`);
  return JSON.parse(readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/${version}/MicrosoftTeams.schema.json`), "utf8")) as object;
}

function validate(manifest: Manifest): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const check = ajv.compile(schemaFor(manifest));
  return check(manifest) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

const template = (): Manifest => JSON.parse(readFileSync(unifiedManifestTemplatePath, "utf8")) as Manifest;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("manifest.json (unified app manifest for Microsoft 365)", () => {
  it("validates against Microsoft's published schema for its manifest version", () => {
    expect(validate(template())).toEqual([]);
  });

  it("is rejected by the same check after an invalid change (the check can fail)", () => {
    const broken = template();
    const ribbons = (broken.extensions[0] as { ribbons: { contexts: string[] }[] }).ribbons;
    ribbons[0]!.contexts = ["mailReadingPane"];
    delete (broken as Partial<Manifest>).accentColor;
    const errors = validate(broken);
    expect(errors.join("\n")).toMatch(/contexts/);
    expect(errors.join("\n")).toMatch(/accentColor/);
  });

  it("offers the same surfaces as manifest.xml: read and compose buttons opening one pinnable pane", () => {
    const xml = readFileSync(join(projectRoot, "manifest.xml"), "utf8");
    const ext = template().extensions[0] as {
      ribbons: { contexts: string[]; tabs: { groups: { controls: { actionId: string; id: string }[] }[] }[] }[];
      runtimes: { code: { page: string }; actions: { id: string; type: string; pinnable: boolean }[] }[];
    };
    expect(ext.ribbons.flatMap((r) => r.contexts).sort()).toEqual(["mailCompose", "mailRead"]);
    const controls = ext.ribbons.flatMap((r) => r.tabs.flatMap((t) => t.groups.flatMap((g) => g.controls)));
    for (const c of controls) expect(xml).toContain(`id="${c.id}"`);
    const [action] = ext.runtimes[0]!.actions;
    expect(controls.every((c) => c.actionId === action!.id)).toBe(true);
    expect(action).toMatchObject({ type: "openPage", pinnable: true });
    expect(ext.runtimes[0]!.code.page).toBe("https://localhost:3000/taskpane.html");
    expect(xml).toContain('<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>');
  });

  it("is served with the configured public URL in every URL and its host in validDomains, and still validates", () => {
    const served = JSON.parse(renderUnifiedManifest(unifiedManifestTemplatePath, "https://sync.contoso.com/")) as Manifest;
    const urls = strings(served).filter((s) => s.startsWith("https://") && !s.startsWith("https://developer.microsoft.com/"));
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url.startsWith("https://sync.contoso.com/")).toBe(true);
    expect(served.validDomains).toEqual(["sync.contoso.com"]);
    expect(validate(served)).toEqual([]);
  });

  it("comes as an app package holding the served manifest and the two package icons at their required sizes", () => {
    const files = unzipSync(renderAppPackage(unifiedManifestTemplatePath, addinAssetsDir, "https://sync.contoso.com:8443"));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")) as Manifest & { icons: { color: string; outline: string } };
    expect(manifest.validDomains).toEqual(["sync.contoso.com:8443"]);
    expect(pngSize(files[manifest.icons.color]!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files[manifest.icons.outline]!)).toEqual({ width: 32, height: 32 });
  });
});
