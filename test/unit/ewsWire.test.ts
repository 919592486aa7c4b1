import { getItemRequest, syncFolderItemsRequest } from "../../server/mailbox/ews/ewsOperations";
import { NS, soapEnvelope } from "../../server/mailbox/ews/soapEnvelope";
import { XmlSyntaxError, child, childText, parseXml } from "../../server/mailbox/ews/xmlTree";
import { bodyChild, validateAgainstMessagesXsd } from "../simulators/exchange/testing/schemaValidator";

jest.setTimeout(60_000);

describe("the EWS XML reader", () => {
  it("matches elements by namespace URI whatever the prefixes, and decodes text and attributes", () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="utf-8"?><!-- a comment --><a:Envelope xmlns:a="${NS.soap}"><a:Body>` +
        `<R xmlns="${NS.messages}" xmlns:x="${NS.types}"><x:Item Id="A&amp;B&#x22;" Note="one\ntwo"><x:Subject>1 &lt; 2 &gt; 0 &#169; &#x1F600;</x:Subject>` +
        `<x:Body><![CDATA[<not> & parsed]]> and more</x:Body><x:Empty/></x:Item></R></a:Body></a:Envelope>`,
    );
    expect(doc).toMatchObject({ ns: NS.soap, name: "Envelope" });
    const r = child(child(doc, NS.soap, "Body"), NS.messages, "R");
    const item = child(r, NS.types, "Item");
    expect(item?.attrs).toEqual({ Id: 'A&B"', Note: "one two" });
    expect(childText(item, NS.types, "Subject")).toBe("1 < 2 > 0 © 😀");
    expect(childText(item, NS.types, "Body")).toBe("<not> & parsed and more");
    expect(childText(item, NS.types, "Empty")).toBe("");
    expect(child(r, NS.messages, "Item")).toBeUndefined();
  });

  it("normalises line ends in text as XML requires, keeping an escaped carriage return", () => {
    expect(parseXml("<a>x\r\ny\rz&#13;</a>").text).toBe("x\ny\nz\r");
  });

  it.each([
    ["<a><b></a></b>", /unexpected close tag/],
    ["<a>", /unclosed tag: a/],
    ["<p:a/>", /unbound namespace prefix: "p"/],
    ['<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>', /document type declarations are not accepted/],
    ["<a>&nbsp;</a>", /undefined entity/],
    ["<a/><b/>", /only one root/],
    ["not xml", /text data outside of root node/],
    ["<a b=c/>", /unquoted attribute value/],
  ])("refuses %s", (xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
    expect(() => parseXml(xml)).toThrow(message);
  });
});

describe("the requests sync sends", () => {
  const operations = {
    "SyncFolderItems, first page": syncFolderItemsRequest("inbox", null, 512),
    "SyncFolderItems, from a saved state": syncFolderItemsRequest("calendar", "H4sI<&>AAA=", 5000),
    "GetItem, mail with body": getItemRequest("sentitems", ["AAMk1", "AAMk<2>"], true),
    "GetItem, calendar without body": getItemRequest("calendar", ["AAMk3"], false),
  };

  it("are valid against Microsoft's messages.xsd", async () => {
    const docs = Object.entries(operations).map(([name, op]) => ({ name, xml: bodyChild(soapEnvelope(op, "alice@contoso.com")) }));
    const results = await validateAgainstMessagesXsd(docs);
    for (const r of results) expect({ name: r.name, errors: r.errors }).toEqual({ name: r.name, errors: [] });
    expect(results.every((r) => r.valid)).toBe(true);
  });

  it("carry the schema version, the impersonated mailbox (escaped) and the saved state as written", () => {
    const envelope = parseXml(soapEnvelope(operations["SyncFolderItems, from a saved state"], "o'neil&co@contoso.com"));
    const header = child(envelope, NS.soap, "Header");
    expect(child(header, NS.types, "RequestServerVersion")?.attrs.Version).toBe("Exchange2013_SP1");
    const sid = child(child(header, NS.types, "ExchangeImpersonation"), NS.types, "ConnectingSID");
    expect(childText(sid, NS.types, "SmtpAddress")).toBe("o'neil&co@contoso.com");
    const op = child(child(envelope, NS.soap, "Body"), NS.messages, "SyncFolderItems");
    expect(childText(op, NS.messages, "SyncState")).toBe("H4sI<&>AAA=");
    expect(childText(op, NS.messages, "MaxChangesReturned")).toBe("512");
    expect(child(parseXml(soapEnvelope("<m:GetItem/>", null)), NS.soap, "Header")?.children.map((c) => c.name)).toEqual(["RequestServerVersion"]);
  });
});
