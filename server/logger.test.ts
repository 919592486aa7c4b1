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
