import { parse } from "csv-parse/sync";
import { z } from "zod";

/** One line an admin asked to activate: either usable, or wrong in a way we can explain without calling Exchange. */
export type InputRow =
  | { readonly line: number; readonly email: string; readonly displayName: string | null; readonly problem: null }
  | { readonly line: number; readonly email: string; readonly displayName: string | null; readonly problem: string };

/** More than this in one job is refused as a whole: split the file. */
export const maxActivationRows = 20_000;

export class ActivationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActivationInputError";
  }
}

const emailColumns = ["email", "e-mail", "email_address", "emailaddress", "mail", "primarysmtpaddress", "smtp", "userprincipalname", "upn"];
const nameColumns = ["display_name", "displayname", "name", "display name"];
const isEmail = (s: string) => z.email().safeParse(s).success;

/**
 * Rows from a CSV upload: a header row naming an `email` column (and optionally `display_name`), then one mailbox a
 * line. Each physical line is parsed on its own (no field of ours spans lines), so a bad line (broken quoting, wrong
 * number of fields, not an address, a repeat) is kept with its line number and reason and never takes the lines after
 * it down with it. Only a file without a usable header is refused whole.
 */
export function rowsFromCsv(csv: string): InputRow[] {
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== "");
  if (headerAt < 0) throw new ActivationInputError("The file is empty. Upload a CSV with a header row `email,display_name` and one mailbox a line.");
  const header = fields(lines[headerAt] ?? "");
  if (!header.ok) throw new ActivationInputError(`Line ${headerAt + 1}: the header row cannot be read as CSV (${header.problem}).`);
  const columns = header.fields.map((c) => c.toLowerCase());
  const emailAt = columns.findIndex((c) => emailColumns.includes(c));
  const nameAt = columns.findIndex((c) => nameColumns.includes(c));
  if (emailAt < 0) {
    throw new ActivationInputError(
      `Line ${headerAt + 1}: the header row needs an "email" column (found: ${header.fields.map((c) => `"${c}"`).join(", ")}). The first line must be a header such as: email,display_name`,
    );
  }
  const rows: InputRow[] = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    if (i <= headerAt || text.trim() === "") return;
    const parsed = fields(text);
    if (!parsed.ok) {
      rows.push({ line, email: text.trim().slice(0, 200), displayName: null, problem: `line ${line} cannot be read as CSV (${parsed.problem}); check its quotes` });
      return;
    }
    const email = (parsed.fields[emailAt] ?? "").toLowerCase();
    const displayName = nameAt >= 0 ? parsed.fields[nameAt] || null : null;
    const n = parsed.fields.length;
    const width = header.fields.length;
    if (n !== width) {
      rows.push({ line, email, displayName, problem: `line ${line} has ${n} field${n === 1 ? "" : "s"} but the header has ${width}; check for a missing or extra comma` });
      return;
    }
    rows.push({ line, email, displayName, problem: null });
  });
  return finish(rows);
}

function fields(line: string): { ok: true; fields: string[] } | { ok: false; problem: string } {
  try {
    const [record] = parse(line, { relax_column_count: true, trim: true }) as string[][];
    return { ok: true, fields: record ?? [] };
  } catch (err) {
    return { ok: false, problem: (err as Error).message.replace(/^Invalid Opening Quote: |:.*$/g, "") };
  }
}

/** Rows sent as JSON through the API; `line` is the 1-based index. */
export function rowsFromList(list: readonly { email: string; displayName?: string }[]): InputRow[] {
  return finish(list.map((r, i) => ({ line: i + 1, email: r.email.trim().toLowerCase(), displayName: r.displayName?.trim() || null, problem: null })));
}

/** The checks every row gets wherever it came from: an address, and the first of repeated addresses only. */
function finish(rows: InputRow[]): InputRow[] {
  if (rows.length === 0) throw new ActivationInputError("There are no mailboxes in the input: add one address a line under the header.");
  if (rows.length > maxActivationRows) throw new ActivationInputError(`${rows.length} rows is more than ${maxActivationRows} in one activation; split the file.`);
  const firstLine = new Map<string, number>();
  return rows.map((r) => {
    if (r.problem) return r;
    if (!r.email) return { ...r, problem: `line ${r.line} has no email address` };
    if (!isEmail(r.email)) return { ...r, problem: `"${r.email}" is not an email address` };
    const first = firstLine.get(r.email);
    if (first !== undefined) return { ...r, problem: `${r.email} is already on line ${first}; each mailbox is activated once` };
    firstLine.set(r.email, r.line);
    return r;
  });
}
