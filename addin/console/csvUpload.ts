/**
 * What the console checks in an activation CSV before sending it: only what makes the whole file unusable (empty, a
 * workbook, no `email` column, too big). Row problems (a malformed address, a duplicate, no such mailbox) are the
 * server's to find: it reports each with its line number, and activates the other rows.
 */

export const expectedHeader = "email,display_name";
export const expectedExample = `${expectedHeader}\nadele@contoso.com,Adele Vance\ndiego@contoso.com,Diego Siciliani`;

/** The API takes JSON bodies up to 2 MB; the CSV travels inside one, so a little is kept for the rest. */
export const maxCsvBytes = 1_900_000;

export type CsvCheck =
  | { readonly ok: true; readonly csv: string; readonly fileName: string; readonly rows: number; readonly sample: readonly string[] }
  | { readonly ok: false; readonly message: string };

function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** The header's cells, lower-cased, quotes and spaces removed. */
function headerCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1").trim().toLowerCase());
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * Checks a chosen file's text. `bytes` is the file's size (from the File), `text` its content read as UTF-8.
 * The returned csv has the byte-order mark Excel adds removed.
 */
export function checkActivationCsv(fileName: string, bytes: number, text: string): CsvCheck {
  if (bytes === 0 || text.trim() === "") return { ok: false, message: `${fileName} is empty. Use a CSV whose first line is ${expectedHeader}, then one mailbox a line.` };
  if (bytes > maxCsvBytes) {
    return { ok: false, message: `${fileName} is ${megabytes(bytes)}; the limit is ${megabytes(maxCsvBytes)}. Split it into smaller files and activate them one after the other.` };
  }
  if (text.startsWith("PK") || /\.xlsx?$/i.test(fileName)) {
    return { ok: false, message: `${fileName} is an Excel workbook, not a CSV. In Excel choose File > Save As > CSV UTF-8 (Comma delimited), then upload that file.` };
  }
  if (text.includes("\u0000")) return { ok: false, message: `${fileName} is not a text file. Upload a CSV whose first line is ${expectedHeader}.` };

  const csv = text.replace(/^\uFEFF/, "");
  const lines = splitLines(csv);
  const header = lines[0] ?? "";
  const cells = headerCells(header, ",");
  if (!cells.includes("email")) {
    if (headerCells(header, ";").includes("email")) {
      return { ok: false, message: `${fileName} separates columns with semicolons. Save it as CSV with commas (the first line must be ${expectedHeader}).` };
    }
    if (/@/.test(header)) {
      return { ok: false, message: `The first line of ${fileName} is an address, not the header. Add the header line ${expectedHeader} at the top.` };
    }
    return { ok: false, message: `The first line of ${fileName} must be the header ${expectedHeader}; it is "${header.slice(0, 80)}".` };
  }
  const dataLines = lines.slice(1).filter((l) => l.trim() !== "");
  if (dataLines.length === 0) return { ok: false, message: `${fileName} has the header but no mailboxes. Add one mailbox a line under ${expectedHeader}.` };
  const emailColumn = cells.indexOf("email");
  const sample = dataLines.slice(0, 3).map((l) => (l.split(",")[emailColumn] ?? "").trim().replace(/^"(.*)"$/, "$1"));
  return { ok: true, csv, fileName, rows: dataLines.length, sample };
}

/** A file dropped or chosen: its text, read as UTF-8, then checked. */
export async function readActivationCsv(file: Pick<File, "name" | "size" | "text">): Promise<CsvCheck> {
  if (file.size > maxCsvBytes) return checkActivationCsv(file.name, file.size, "x");
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, message: `${file.name} could not be read. Check that the file is not open in another program, then choose it again.` };
  }
  return checkActivationCsv(file.name, file.size, text);
}
