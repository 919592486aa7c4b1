/** Saves a Blob the console fetched (with the bearer token, so a plain link would not do) as a file download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has started the download by now; the object URL can go (a minute later, for slow browsers).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
