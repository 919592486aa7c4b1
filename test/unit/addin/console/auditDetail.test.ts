import { auditDetail } from "../../../../addin/console/auditDetail";

describe("an audit entry's detail", () => {
  it("reads as key: value pairs, counts without their zeros", () => {
    expect(auditDetail({})).toBe("—");
    expect(auditDetail({ from: "active", to: "paused" })).toBe("from: active · to: paused");
    expect(auditDetail({ jobId: "j1", counts: { activated: 497, invalid: 2, failed: 0, mailbox_not_found: 1 } })).toBe("jobId: j1 · counts: activated 497, invalid 2, mailbox_not_found 1");
    expect(auditDetail({ counts: { failed: 0 } })).toBe("counts: none");
    expect(auditDetail({ line: 12, filter: { status: "attention" }, rows: [1, 2] })).toBe('line: 12 · filter: {"status":"attention"} · rows: [1,2]');
  });
});
