/**
 * Copies text for the pane and the console. The async clipboard API is refused in some Outlook hosts (the pane is an
 * iframe without the clipboard-write permission) and some browsers; selecting the visible text (an input's value, or
 * an element's contents) and execCommand("copy") still works there. Without such an element only the API is tried.
 */
export async function copyText(text: string, visible: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back to the selection */
  }
  if (!visible) return false;
  if (visible instanceof HTMLInputElement || visible instanceof HTMLTextAreaElement) {
    visible.focus();
    visible.select();
  } else {
    const range = document.createRange();
    range.selectNodeContents(visible);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}
