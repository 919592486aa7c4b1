/**
 * The only place that touches Office.js. Outside Office (a plain browser tab, the console, tests) Office.onReady
 * resolves with no host, and everything here answers "not in Outlook" instead of throwing.
 */
export interface OfficeHostInfo {
  readonly inOutlook: boolean;
  /** Outlook's body background, when Outlook tells us its theme; drives light/dark. */
  readonly backgroundColor: string | null;
}

/** The Office global when office.js (or a test's stand-in) defined one; read late, so tests can install it first. */
export function officeGlobal(): typeof Office | null {
  return (globalThis as { Office?: typeof Office }).Office ?? null;
}

export async function officeReady(timeoutMs = 5000): Promise<OfficeHostInfo> {
  const office = officeGlobal();
  if (!office?.onReady) return { inOutlook: false, backgroundColor: null };
  // office.js never resolves onReady when it failed to load its host scripts; don't leave the pane blank forever.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const info = await Promise.race([
    office.onReady(),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
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

/**
 * Nested app authentication: Outlook itself brokers the token. Older clients (and the Office dialog's browsers) lack
 * it, and the pane falls back to signing in through an Office dialog.
 */
export function supportsNestedAppAuth(): boolean {
  const office = officeGlobal();
  try {
    return Boolean(office?.context?.requirements?.isSetSupported("NestedAppAuth", "1.1"));
  } catch {
    return false;
  }
}
