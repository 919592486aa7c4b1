import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";
import { manifestTemplatePath, projectRoot } from "../../server/paths";
import { renderManifest } from "../../server/http/manifest";

const schemaDir = join(projectRoot, "test", "fixtures", "manifest-schemas");
const schemaFile = (name: string) => ({ fileName: name, contents: readFileSync(join(schemaDir, name), "utf8") });

async function validate(xml: string) {
  return validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [schemaFile("OfficeAppManifestV1_1.xsd")],
    preload: [
      schemaFile("OfficeAppBasicTypesV1_0.xsd"),
      schemaFile("MailAppVersionOverridesV1_0.xsd"),
      schemaFile("MailAppVersionOverridesV1_1.xsd"),
      schemaFile("TaskPaneAppVersionOverridesV1_0.xsd"),
    ],
  });
}

describe("manifest.xml", () => {
  it("validates against Microsoft's published add-in manifest schemas", async () => {
    const result = await validate(readFileSync(manifestTemplatePath, "utf8"));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is rejected by the same check when an element is out of schema order (the check can fail)", async () => {
    const xml = readFileSync(manifestTemplatePath, "utf8").replace(
      /(<ProviderName>.*<\/ProviderName>)\s*(<DefaultLocale>.*<\/DefaultLocale>)/,
      "$2$1",
    );
    const result = await validate(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join("\n")).toMatch(/ProviderName|DefaultLocale/);
  });

  it("is served with the configured public URL in every place the development origin stood", () => {
    const served = renderManifest(manifestTemplatePath, "https://sync.contoso.com/");
    expect(served).not.toContain("https://localhost:3000");
    expect(served).toContain("<SourceLocation DefaultValue=\"https://sync.contoso.com/taskpane.html\"/>");
    expect(served).toContain("<AppDomain>https://sync.contoso.com</AppDomain>");
  });
});
