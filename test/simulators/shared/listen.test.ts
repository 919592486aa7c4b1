import express from "express";
import { listen } from "./listen";

describe("listen", () => {
  it("serves a handler over HTTPS on loopback with a certificate Node trusts through the dev CA", async () => {
    const app = express();
    app.get("/ping", (_req, res) => { res.json({ ok: true }); });
    const server = await listen(app);
    try {
      expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
      const res = await fetch(`${server.url}/ping`);
      expect(await res.json()).toEqual({ ok: true });
    } finally {
      await server.close();
    }
  });
});
