import type { Theme } from "@fluentui/react-components";
import { webLightTheme } from "@fluentui/react-components";
import type { OfficeHostInfo } from "../outlook/officeHost";
import { isDarkBackground } from "../outlook/officeHost";

/** Outlook's light or dark look. The dark theme is fetched only by a pane in a dark Outlook. */
export async function paneTheme(host: OfficeHostInfo): Promise<Theme> {
  if (!isDarkBackground(host.backgroundColor)) return webLightTheme;
  return (await import("./darkTheme.js")).darkTheme;
}
