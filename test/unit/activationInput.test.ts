import { ActivationInputError, maxActivationRows, rowsFromCsv, rowsFromList } from "../../server/admin/activationInput";

describe("mass-activation input", () => {
  it("reads an Excel-style CSV: BOM, CRLF, quoted names with commas, blank lines, any header case", () => {
    const rows = rowsFromCsv('\uFEFFEmail,Display_Name\r\nAnn@Contoso.com,"Ann, Sales"\r\n\r\nbo@contoso.com,Bo\r\n');
    expect(rows).toEqual([
      { line: 2, email: "ann@contoso.com", displayName: "Ann, Sales", problem: null },
      { line: 4, email: "bo@contoso.com", displayName: "Bo", problem: null },
    ]);
  });

  it("keeps each bad line with its number and reason, and every good line after it", () => {
    const rows = rowsFromCsv(['email,name', 'a@x.com,A', '"b@x.com,B', 'c@x.com,C,extra', 'not-mail,D', 'A@x.com,again', 'e@x.com,E'].join("\n"));
    expect(rows.map((r) => [r.line, r.email, r.problem])).toEqual([
      [2, "a@x.com", null],
      [3, '"b@x.com,B', expect.stringMatching(/line 3 cannot be read as CSV .*quotes/)],
      [4, "c@x.com", "line 4 has 3 fields but the header has 2; check for a missing or extra comma"],
      [5, "not-mail", '"not-mail" is not an email address'],
      [6, "a@x.com", "a@x.com is already on line 2; each mailbox is activated once"],
      [7, "e@x.com", null],
    ]);
  });

  it("refuses a file it cannot use at all, saying what the file needs", () => {
    expect(() => rowsFromCsv("")).toThrow(ActivationInputError);
    expect(() => rowsFromCsv("name,phone\nAnn,1")).toThrow(/needs an "email" column \(found: "name", "phone"\)/);
    expect(() => rowsFromCsv("email\n\n")).toThrow(/no mailboxes/);
    const tooMany = ["email", ...Array.from({ length: maxActivationRows + 1 }, (_, i) => `u${i}@x.com`)].join("\n");
    expect(() => rowsFromCsv(tooMany)).toThrow(/split the file/);
  });

  it("numbers API rows from 1 and checks them the same way", () => {
    expect(rowsFromList([{ email: " Ann@X.com " }, { email: "ann@x.com" }, { email: "" }]).map((r) => r.problem)).toEqual([
      null,
      "ann@x.com is already on line 1; each mailbox is activated once",
      "line 3 has no email address",
    ]);
  });
});
