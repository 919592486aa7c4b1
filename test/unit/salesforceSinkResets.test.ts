import type { Connection } from "jsforce";
import { CrmUnavailableError } from "../../server/crm/crmSink";
import { SalesforceSink } from "../../server/crm/salesforce/salesforceSink";

/** A connection reset before Salesforce answered (node-fetch's FetchError for "socket hang up"). */
const reset = () => Object.assign(new Error("request to https://example.my.salesforce.com/services/data failed, reason: socket hang up"), { type: "system", code: "ECONNRESET" });

/** A jsforce connection whose REST requests fail with `failures` resets first, then answer SOQL pages. */
function flakyConnection(failures: number): { conn: Connection; requests: string[] } {
  const requests: string[] = [];
  let left = failures;
  const conn = {
    async request(url: string) {
      requests.push(url);
      if (left-- > 0) throw reset();
      const contact = { Id: "003000000000001AAA", Name: "Bea Buyer", Email: "buyer@fabrikam.com", AccountId: null, Account: null, Owner: { Name: "Riley" } };
      return { done: true, totalSize: 1, records: decodeURIComponent(url).includes("FROM Contact") ? [contact] : [] };
    },
  };
  return { conn: conn as unknown as Connection, requests };
}

describe("Salesforce sink: connection resets", () => {
  it("a request cut off by a connection reset is sent again, and the lookup finds the contact", async () => {
    const { conn, requests } = flakyConnection(2);
    const found = await new SalesforceSink(conn, { keyField: "Sync_Key__c" }).findPeople(["buyer@fabrikam.com"]);
    expect(found.get("buyer@fabrikam.com")?.id).toBe("003000000000001AAA");
    // The contact query three times (two resets, then its answer); found as a contact, no lead query follows.
    expect(requests).toHaveLength(3);
    expect(new Set(requests).size).toBe(1);
  });

  it("resets that go on fail the call as Salesforce being unreachable", async () => {
    const { conn, requests } = flakyConnection(10);
    await expect(new SalesforceSink(conn, { keyField: "Sync_Key__c" }).findPeople(["buyer@fabrikam.com"])).rejects.toBeInstanceOf(CrmUnavailableError);
    expect(requests).toHaveLength(3);
  });
});
