import type { Page } from "playwright-core";

/** The demo world's password for every Entra user. */
export const demoPassword = "Passw0rd!";

export type MicrosoftPage = "signin" | "consent" | "approval";

/**
 * A person in an Office dialog window: signs in when Microsoft asks, accepts (or cancels) the consent page, leaves the
 * "Need admin approval" page, until the window closes. `onPage` sees each of Microsoft's pages first.
 */
export async function goThroughMicrosoft(
  popup: Page,
  user: string,
  options: { decision?: "accept" | "cancel"; onPage?: (kind: MicrosoftPage, p: Page) => Promise<void> } = {},
): Promise<MicrosoftPage[]> {
  const seen: MicrosoftPage[] = [];
  const closed = popup.waitForEvent("close", { timeout: 60_000 });
  const deadline = Date.now() + 55_000;
  let lastHandled = "";
  while (!popup.isClosed() && Date.now() < deadline) {
    const kind: MicrosoftPage | null = await popup
      .evaluate(() => {
        if (document.querySelector("form#signin")) return "signin";
        if (document.querySelector("form#consent")) return "consent";
        if ([...document.querySelectorAll("a")].some((a) => a.textContent?.includes("Return to the application without granting consent"))) return "approval";
        return null;
      })
      .catch(() => null);
    const marker = `${kind}:${popup.url()}`;
    if (!kind || marker === lastHandled) {
      await popup.waitForTimeout(100).catch(() => undefined);
      continue;
    }
    lastHandled = marker;
    seen.push(kind);
    await options.onPage?.(kind, popup);
    if (kind === "signin") {
      const login = popup.locator('input[name="login"]');
      if (await login.isEditable()) await login.fill(user);
      await popup.locator('input[name="passwd"]').fill(demoPassword);
      await popup.getByRole("button", { name: "Sign in" }).click();
    } else if (kind === "consent") {
      await popup.getByRole("button", { name: options.decision === "cancel" ? "Cancel" : "Accept" }).click();
    } else {
      await popup.getByRole("link", { name: "Return to the application without granting consent" }).click();
    }
  }
  await closed;
  return seen;
}

/** The pane's dialog windows in the order they open, so none is missed between two waits. */
export function dialogWindows(page: Page): () => Promise<Page> {
  const opened: Page[] = [];
  const waiting: Array<(p: Page) => void> = [];
  page.on("popup", (p) => {
    const w = waiting.shift();
    if (w) w(p);
    else opened.push(p);
  });
  return () => {
    const p = opened.shift();
    return p ? Promise.resolve(p) : new Promise<Page>((resolve) => waiting.push(resolve));
  };
}
