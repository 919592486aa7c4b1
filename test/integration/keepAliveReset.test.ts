/**
 * A kept-alive connection that Exchange (or a load balancer in front of it) dropped while it sat in our pool: the next
 * request written to it is reset before it arrives. The EWS transport sends it again once, on a fresh connection, so
 * the sync sees an answer, not a network failure; a server that resets the fresh connection too is a real failure.
 */
import type { Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createTransport } from "../../server/mailbox/ews/ewsTransport";

jest.setTimeout(30_000);

describe("EWS over a kept-alive connection the server reset", () => {
  let server: Server;
  let url: string;
  /** What the server does with the request number n (1-based) it reads on a connection. */
  let onRequest: (nthOnSocket: number, res: ServerResponse) => void;
  const connections: Socket[] = [];
  let answered = 0;

  beforeAll(async () => {
    const seen = new WeakMap<Socket, number>();
    server = createServer((req, res) => {
      const n = (seen.get(req.socket) ?? 0) + 1;
      seen.set(req.socket, n);
      req.resume();
      req.once("end", () => onRequest(n, res));
    });
    server.on("connection", (s: Socket) => connections.push(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const answer = (res: ServerResponse) => {
    answered++;
    res.writeHead(200, { "content-type": "text/xml; charset=utf-8" });
    res.end("<ok/>");
  };
  const transport = () => createTransport({ url, auth: { kind: "basic", username: "svc", password: "pw" }, headers: {}, timeoutMs: 5_000 });

  it("sends the request again on a fresh connection and returns its answer", async () => {
    // First request on each connection answered; a second request on the same connection: reset, no answer.
    onRequest = (n, res) => (n === 1 ? answer(res) : res.socket?.resetAndDestroy());
    const t = transport();
    const before = { answered, connections: connections.length };
    expect((await t.post("<first/>")).status).toBe(200);
    const second = await t.post("<second/>");
    expect(second).toMatchObject({ status: 200, body: "<ok/>" });
    // Two answers, over two connections: the reset one was not answered, the repeat went over a new one.
    expect({ answered: answered - before.answered, connections: connections.length - before.connections }).toEqual({ answered: 2, connections: 2 });
  });

  it("tries once only: a server resetting every reused and fresh connection is a network failure", async () => {
    const t = transport();
    onRequest = (_n, res) => answer(res);
    expect((await t.post("<warm/>")).status).toBe(200);
    onRequest = (_n, res) => res.socket?.resetAndDestroy();
    const before = connections.length;
    await expect(t.post("<doomed/>")).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(connections.length - before).toBe(1);
  });
});
