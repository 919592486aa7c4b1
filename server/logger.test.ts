import { Writable } from "node:stream";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

describe("logger", () => {
  it("writes JSON lines and redacts tokens, codes, passwords and authorization headers at any usual depth", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: "Bearer eyJsecret", host: "x" } },
        access_token: "at-123",
        tokens: { refresh_token: "rt-456", code: "code-789" },
        mailbox: { credentials: { password: "hunter2" } },
      },
      "connected",
    );
    const text = lines.join("");
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line.msg).toBe("connected");
    expect(line.level).toBe("info");
    expect(line.req.headers.host).toBe("x");
    for (const secret of ["eyJsecret", "at-123", "rt-456", "code-789", "hunter2"]) expect(text).not.toContain(secret);
  });
});

describe("logger: what support needs stays", () => {
  it("keeps AADSTS, SQLSTATE and Node error codes under `code`, and still redacts an authorization code", () => {
    const { logger, lines } = capture();
    logger.info({ failure: { code: "AADSTS50173" }, db: { code: "23505" }, net: { code: "ECONNREFUSED" }, oauth: { code: "0.AAAAbWl4ZWQtY29kZS12YWx1ZS10aGF0LWlzLWxvbmc" } }, "x");
    const line = JSON.parse(lines[0] ?? "{}");
    expect([line.failure.code, line.db.code, line.net.code, line.oauth.code]).toEqual(["AADSTS50173", "23505", "ECONNREFUSED", "[redacted]"]);
  });

  it("logs a database error with its SQLSTATE and statement but without the query's parameters or the row's values", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite();
    await db.exec("create table people (email text primary key)");
    await db.query("insert into people values ($1)", ["adele@contoso.com"]);
    const failures: unknown[] = [];
    for (const [sql, params] of [
      ["select $1::uuid", ["adele@contoso.com"]],
      ["insert into people values ($1)", ["adele@contoso.com"]],
    ] as const) {
      await db.query(sql, [...params]).catch((err: unknown) => failures.push(err));
    }
    await db.close();
    const { logger, lines } = capture();
    for (const err of failures) logger.error({ err }, "query failed");
    expect(lines).toHaveLength(2);
    expect(lines.join("")).not.toContain("adele@contoso.com");
    expect(lines.map((l) => JSON.parse(l).err.code)).toEqual(["22P02", "23505"]);
  });
});
