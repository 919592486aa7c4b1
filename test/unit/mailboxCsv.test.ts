import { parse } from "csv-parse/sync";
import { mailboxCsv } from "../../server/api/mailboxCsv";
import type { ConsoleMailboxRow } from "../../server/api/consoleContract";

const row = (over: Partial<ConsoleMailboxRow & { lastError: string | null }>): ConsoleMailboxRow & { lastError: string | null } => ({
  id: "7b0f5a52-0000-4000-8000-000000000001",
  email: "diego@contoso.com",
  displayName: "Diego Siciliani",
  provider: "ews",
  access: "app_only",
  status: "active",
  reason: null,
  lastSyncAt: new Date().toISOString(),
  nextSyncAt: null,
  updatedAt: new Date().toISOString(),
  lastError: null,
  ...over,
});

describe("mailbox CSV export", () => {
  it("shows cells a spreadsheet would run as formulas as text (OWASP CSV injection)", () => {
    const planted = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"];
    const csv = mailboxCsv(planted.map((p, i) => row({ email: `rep${i}@contoso.com`, displayName: p, lastError: `${p} (AADSTS50173)` })));
    const cells = parse(csv, { columns: true }) as Record<string, string>[];
    expect(cells.map((c) => c.display_name)).toEqual(planted.map((p) => `'${p}`));
    expect(cells.map((c) => c.last_error)).toEqual(planted.map((p) => `'${p} (AADSTS50173)`));
  });

  it("leaves ordinary cells as they are", () => {
    const cells = parse(mailboxCsv([row({ displayName: "Diego Siciliani", lastError: "ErrorServerBusy: try later" })]), { columns: true }) as Record<string, string>[];
    expect(cells[0]).toMatchObject({ email: "diego@contoso.com", display_name: "Diego Siciliani", status: "active", last_error: "ErrorServerBusy: try later" });
  });
});
