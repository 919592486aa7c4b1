import { stringify } from "csv-stringify/sync";
import type { ConsoleMailboxRow } from "./consoleContract";

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage return, OWASP's "CSV
 * Injection" list) gets a leading apostrophe, so it shows as text. Display names come from activation files and error
 * text can be planted through a callback's `error` parameter, so no cell is trusted.
 */
export function neutralisedCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The console's mailbox export: one row per mailbox with its raw last error, every cell neutralised. */
export function mailboxCsv(rows: readonly (ConsoleMailboxRow & { lastError: string | null })[]): string {
  return stringify(
    rows.map((m) => [m.email, m.displayName ?? "", m.status, m.reason ?? "", m.provider, m.access, m.lastSyncAt ?? "", m.nextSyncAt ?? "", m.lastError ?? ""].map((v) => neutralisedCell(String(v)))),
    { header: true, columns: ["email", "display_name", "status", "reason", "provider", "access", "last_sync_at", "next_sync_at", "last_error"] },
  );
}
