import { checkActivationCsv, maxCsvBytes, readActivationCsv } from "../../../../addin/console/csvUpload";

const size = (text: string) => Buffer.byteLength(text);
const check = (name: string, text: string) => checkActivationCsv(name, size(text), text);

describe("the activation CSV check", () => {
  it("accepts a header and rows, counting the rows and removing Excel's byte-order mark", () => {
    const text = "\uFEFFEmail,Display_Name\r\nadele@contoso.com,Adele\r\n\r\ndiego@contoso.com,Diego\r\n\"megan@contoso.com\",Megan\r\ngrady@contoso.com,\r\n";
    const result = check("reps.csv", text);
    expect(result).toEqual({
      ok: true,
      csv: text.slice(1),
      fileName: "reps.csv",
      rows: 4,
      sample: ["adele@contoso.com", "diego@contoso.com", "megan@contoso.com"],
    });
  });

  it("finds the email column wherever it is", () => {
    expect(check("x.csv", "display_name,email\nAdele,adele@contoso.com\n")).toMatchObject({ ok: true, sample: ["adele@contoso.com"] });
  });

  it("says what is wrong with the whole file and how to fix it", () => {
    expect(check("empty.csv", "")).toEqual({ ok: false, message: "empty.csv is empty. Use a CSV whose first line is email,display_name, then one mailbox a line." });
    expect(check("reps.xlsx", "PK\u0003\u0004...")).toMatchObject({ ok: false, message: expect.stringContaining("is an Excel workbook, not a CSV") });
    expect(check("reps.csv", "email;display_name\nadele@contoso.com;Adele")).toMatchObject({ ok: false, message: expect.stringContaining("separates columns with semicolons") });
    expect(check("reps.csv", "adele@contoso.com,Adele\ndiego@contoso.com,Diego")).toEqual({
      ok: false,
      message: "The first line of reps.csv is an address, not the header. Add the header line email,display_name at the top.",
    });
    expect(check("reps.csv", "mail,name\nadele@contoso.com,Adele")).toEqual({
      ok: false,
      message: 'The first line of reps.csv must be the header email,display_name; it is "mail,name".',
    });
    expect(check("reps.csv", "email,display_name\n\n")).toMatchObject({ ok: false, message: expect.stringContaining("has the header but no mailboxes") });
  });

  it("refuses a file too big for one request before reading it", async () => {
    const file = { name: "all.csv", size: maxCsvBytes + 1, text: () => Promise.reject(new Error("must not be read")) };
    await expect(readActivationCsv(file)).resolves.toMatchObject({ ok: false, message: expect.stringContaining("Split it into smaller files") });
  });

  it("says when the file cannot be read", async () => {
    const file = { name: "locked.csv", size: 10, text: () => Promise.reject(new Error("NotReadableError")) };
    await expect(readActivationCsv(file)).resolves.toEqual({ ok: false, message: "locked.csv could not be read. Check that the file is not open in another program, then choose it again." });
  });
});
