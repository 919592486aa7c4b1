/**
 * Copies text for the rep. The async clipboard API is refused in some Outlook hosts (the pane is an iframe without the
 * clipboard-write permission); selecting the visible field and execCommand("copy") still works there.
 */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back to the selection */
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}
