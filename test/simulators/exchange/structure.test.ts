/** The sample comparator itself: it must be able to fail, or the sample-conformance tests prove nothing. */
import { DOMParser } from "@xmldom/xmldom";
import type { Element } from "@xmldom/xmldom";
import { compareStructure } from "./testing/structure";

const M = "http://schemas.microsoft.com/exchange/services/2006/messages";
const parse = (xml: string) => new DOMParser().parseFromString(xml, "text/xml").documentElement as unknown as Element;
const response = (messages: string) =>
  parse(`<m:GetItemResponse xmlns:m="${M}"><m:ResponseMessages>${messages}</m:ResponseMessages></m:GetItemResponse>`);
const ok = '<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:GetItemResponseMessage>';
const failed = '<m:GetItemResponseMessage ResponseClass="Error"><m:ResponseCode>ErrorItemNotFound</m:ResponseCode></m:GetItemResponseMessage>';

describe("comparing an answer with a documented sample", () => {
  it("accepts an answer whose list entries look like the sample's", () => {
    expect(compareStructure(response(ok + ok), response(ok))).toEqual([]);
  });

  it("refuses an empty ResponseMessages where the sample has entries", () => {
    expect(compareStructure(response(""), response(ok))).toEqual([expect.stringMatching(/ResponseMessages: empty, sample has 1 entry/)]);
  });

  it("accepts an empty list only when the test says the data has none", () => {
    expect(compareStructure(response(""), response(ok), { allowMissing: new Set(["ResponseMessages"]) })).toEqual([]);
  });

  it("refuses an entry whose deterministic values differ from the sample's", () => {
    expect(compareStructure(response(failed), response(ok)).join("\n")).toMatch(/ResponseClass|ResponseCode/);
  });
});
