/**
 * The only place that touches Office.js. Outside Office (a plain browser tab, the console, tests) Office.onReady
 * resolves with no host, and everything here answers "not in Outlook" instead of throwing.
 */
export interface OfficeHostInfo {
  readonly inOutlook: boolean;
  /** Outlook's body background, when Outlook tells us its theme; drives light/dark. */
  readonly backgroundColor: string | null;
}

export async function officeReady(timeoutMs = 5000): Promise<OfficeHostInfo> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office?.onReady) return { inOutlook: false, backgroundColor: null };
  // office.js never resolves onReady when it failed to load its host scripts; don't leave the pane blank forever.
  const info = await Promise.race([
    office.onReady(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
  const inOutlook = info?.host === office.HostType.Outlook;
  const theme = inOutlook ? office.context.officeTheme : undefined;
  return { inOutlook, backgroundColor: theme?.bodyBackgroundColor ?? null };
}

/** Dark when the background's relative luminance is low (Outlook's dark themes use near-black backgrounds). */
export function isDarkBackground(color: string | null): boolean {
  if (!color) return false;
  const hex = color.replace("#", "");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}
