import { checksum, IdGenerator, KEY_PREFIXES, normalizeId, to18 } from "./ids";

describe("Salesforce ids", () => {
  // 18-character ids printed in Salesforce's own REST API documentation: their suffix is the checksum of the first 15.
  const documented = ["001D000000IqhSLIAZ", "00190000001pPvHAAU", "001D000000Kv3g5IAB", "001RM000003oLnnYAE", "003RM0000068xV6YAI", "001xx000003DGb2AAG"];

  it.each(documented)("computes the documented checksum suffix of %s", (id) => {
    expect(checksum(id.slice(0, 15))).toBe(id.slice(15));
    expect(to18(id.slice(0, 15))).toBe(id);
  });

  it("reads 15-character ids as their 18-character form and 18-character ids in any letter case", () => {
    for (const id of documented) {
      expect(normalizeId(id.slice(0, 15))).toBe(id);
      expect(normalizeId(id.toLowerCase())).toBe(id);
      expect(normalizeId(id.toUpperCase())).toBe(id);
    }
  });

  it("rejects text that is not an id", () => {
    for (const bad of ["", "abc", "001D000000IqhSL!", "001D000000IqhSLIA9", "001D000000IqhSLIAZX"]) expect(normalizeId(bad)).toBeNull();
  });

  it("hands out valid 18-character ids with the object's key prefix, increasing in creation order", () => {
    const gen = new IdGenerator();
    const tasks = Array.from({ length: 100 }, () => gen.next("Task"));
    const contact = gen.next("Contact");
    expect(contact.startsWith(KEY_PREFIXES.Contact)).toBe(true);
    for (const id of tasks) {
      expect(id).toHaveLength(18);
      expect(id.startsWith("00T")).toBe(true);
      expect(normalizeId(id)).toBe(id);
    }
    expect([...tasks].sort()).toEqual(tasks);
    expect(new Set(tasks).size).toBe(tasks.length);
  });

  it("uses Salesforce's key prefixes", () => {
    expect(KEY_PREFIXES).toMatchObject({ Account: "001", Contact: "003", User: "005", Lead: "00Q", Task: "00T", Event: "00U", Organization: "00D" });
  });
});
