import {
  clearFilters,
  exportFileName,
  isNeedsAttention,
  mailboxQueryString,
  needsAttention,
  pageCount,
  parseMailboxQuery,
  rangeLabel,
  withFilter,
  withPage,
  withSort,
} from "../../../../addin/console/mailboxQuery";

describe("the mailbox list's query", () => {
  it("writes a canonical query string and reads it back", () => {
    const query = { provider: "ews", status: "attention", q: "Adele V", sort: "email", dir: "desc", page: 4 } as const;
    const s = mailboxQueryString(query);
    expect(s).toBe("?status=attention&provider=ews&q=Adele+V&sort=email&dir=desc&page=4");
    expect(parseMailboxQuery(s)).toEqual(query);
    expect(mailboxQueryString({})).toBe("");
    expect(mailboxQueryString({ page: 1, pageSize: 50, q: "   " })).toBe("");
  });

  it("drops what the API would refuse from a hand-edited address", () => {
    expect(parseMailboxQuery("status=broken&reason=ews_blocked&provider=imap&access=app_only&sort=size&dir=up&page=0&pageSize=5000")).toEqual({
      reason: "ews_blocked",
      access: "app_only",
    });
    expect(parseMailboxQuery("page=-2&pageSize=20")).toEqual({ pageSize: 20 });
  });

  it("goes back to page 1 when a filter changes, and keeps status and reason consistent", () => {
    const onPage5 = { status: "active", page: 5 } as const;
    expect(withFilter(onPage5, "provider", "graph")).toEqual({ status: "active", provider: "graph" });
    // A reason implies attention; another status drops the reason.
    expect(withFilter({ status: "active" }, "reason", "ews_blocked")).toEqual({ status: "attention", reason: "ews_blocked" });
    expect(withFilter({ status: "attention", reason: "ews_blocked" }, "status", "paused")).toEqual({ status: "paused" });
    expect(withFilter({ q: "adele", status: "active" }, "q", undefined)).toEqual({ status: "active" });
  });

  it("Needs attention is a quick filter on status", () => {
    const q = needsAttention({ provider: "ews", page: 3 });
    expect(q).toEqual({ provider: "ews", status: "attention" });
    expect(isNeedsAttention(q)).toBe(true);
    // A reason narrows it: the quick filter no longer shows as on.
    expect(isNeedsAttention({ status: "attention", reason: "unknown" })).toBe(false);
  });

  it("sorts by a column, then flips the direction on a second click", () => {
    const first = withSort({ status: "active", page: 2 }, "lastSync");
    expect(first).toEqual({ status: "active", sort: "lastSync", dir: "asc" });
    expect(withSort(first, "lastSync")).toEqual({ status: "active", sort: "lastSync", dir: "desc" });
    expect(withSort({ sort: "lastSync", dir: "desc" }, "email")).toEqual({ sort: "email", dir: "asc" });
  });

  it("pages and clears", () => {
    expect(withPage({ status: "active", page: 3 }, 1)).toEqual({ status: "active" });
    expect(withPage({ status: "active" }, 2)).toEqual({ status: "active", page: 2 });
    expect(clearFilters({ status: "active", q: "x", sort: "email", dir: "desc", page: 9 })).toEqual({ sort: "email", dir: "desc" });
  });

  it("labels ranges and counts pages", () => {
    expect(pageCount(10_000)).toBe(200);
    expect(pageCount(0)).toBe(1);
    expect(pageCount(51)).toBe(2);
    expect(rangeLabel(10_000, 1)).toBe("1–50 of 10,000");
    expect(rangeLabel(120, 3)).toBe("101–120 of 120");
    expect(rangeLabel(0, 1)).toBe("No mailboxes");
  });

  it("names the export after the filter and the day", () => {
    expect(exportFileName({ status: "attention", reason: "ews_blocked", page: 3 }, new Date("2026-03-05T10:00:00Z"))).toBe("mailboxes-attention-ews_blocked-2026-03-05.csv");
    expect(exportFileName({}, new Date("2026-03-05T10:00:00Z"))).toBe("mailboxes-2026-03-05.csv");
  });
});
