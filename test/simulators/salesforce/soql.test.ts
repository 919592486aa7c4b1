import type { ApiVersion } from "./apiVersions";
import { parseApiVersion } from "./apiVersions";
import { ApiError } from "./errors";
import type { Org } from "./org";
import { seedOrg } from "./seed";
import { runQuery } from "./soql/evaluate";
import { parseSoql } from "./soql/parse";
import { planQuery } from "./soql/resolve";
import { SimulatorState } from "./state";

const version = parseApiVersion("v62.0") as ApiVersion;
let org: Org;

beforeAll(() => {
  const state = new SimulatorState();
  org = state.createOrg();
  seedOrg(org, {
    seed: 1,
    contacts: [
      { email: "o'brien@pub.example.com", lastName: "O'Brien", title: "50%_off" },
      { email: "plain@pub.example.com", lastName: "Plain", title: "50xxoff" },
      { email: "none@pub.example.com", lastName: "None" },
    ],
  });
  seedOrg(org, { seed: 2, contacts: 5000 });
});

function run(soql: string) {
  return runQuery(org, planQuery(org.schema, soql, parseSoql(soql), Date.now()), version, false);
}

function errorOf(soql: string): ApiError {
  try {
    run(soql);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`expected ${soql} to fail`);
}

describe("SOQL evaluation", () => {
  it("examines only indexed candidates when the filter pins Email, Id or an external id", () => {
    const hit = run("SELECT Id FROM Contact WHERE Email IN ('PLAIN@pub.example.com', 'none@pub.example.com') AND LastName != 'x'");
    expect(hit.totalSize).toBe(2);
    expect(hit.scanned).toBe(2);
    const scan = run("SELECT Id FROM Contact WHERE LastName = 'Plain'");
    expect(scan.totalSize).toBe(1);
    expect(scan.scanned).toBeGreaterThan(5000);
  });

  it("reads escaped quotes, and LIKE treats \\_ and \\% literally", () => {
    expect(run("SELECT Id FROM Contact WHERE LastName = 'O\\'Brien'").totalSize).toBe(1);
    expect(run("SELECT Id FROM Contact WHERE Title LIKE '50\\%\\_off'").totalSize).toBe(1);
    expect(run("SELECT Id FROM Contact WHERE Title LIKE '50__off'").totalSize).toBe(2);
  });

  it("treats != as matching empty fields, and NOT as negation", () => {
    const notFifty = run("SELECT Id FROM Contact WHERE Title != '50xxoff' AND Email LIKE '%@pub.example.com'");
    expect(notFifty.totalSize).toBe(2);
    expect(run("SELECT Id FROM Contact WHERE NOT Email LIKE '%@pub.example.com'").totalSize).toBe(5000);
  });

  it("compares date-times with ISO literals", () => {
    expect(run("SELECT Id FROM Contact WHERE CreatedDate > 2000-01-01T00:00:00Z").totalSize).toBe(5003);
    expect(run("SELECT Id FROM Contact WHERE CreatedDate < 2000-01-01T00:00:00.000+01:00").totalSize).toBe(0);
  });

  it("reports errors with the position of the offending token", () => {
    const e = errorOf("SELECT Id FROM Contact WHERE Email = ");
    expect(e.errors[0]).toEqual({ errorCode: "MALFORMED_QUERY", message: "\nSELECT Id FROM Contact WHERE Email = \n                                     ^\nERROR at Row:1:Column:38\nunexpected token: <EOF>" });
    expect(errorOf("SELECT Id, Id FROM Contact").errors[0]!.errorCode).toBe("MALFORMED_QUERY");
    expect(errorOf("SELECT COUNT(), Email FROM Contact").errors[0]!.errorCode).toBe("MALFORMED_QUERY");
    expect(errorOf("SELECT Id FROM Contact WHERE IsDeleted = 'true'").errors[0]!.errorCode).toBe("INVALID_QUERY_FILTER_OPERATOR");
    expect(errorOf("SELECT Id FROM Contact OFFSET 2001").errors[0]!.errorCode).toBe("INVALID_QUERY_FILTER_OPERATOR");
  });
});
