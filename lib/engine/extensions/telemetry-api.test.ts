import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TelemetryApi } from "./telemetry-api";

const body = (doc: unknown) => Buffer.from(JSON.stringify(doc));
const valid = {
  schemaVersion: "2022-07-01",
  types: ["platform", "function"],
  destination: { protocol: "HTTP", URI: "http://sandbox.localdomain:4243/t" },
};

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe("Telemetry API subscriptions", () => {
  const api = new TelemetryApi(() => Promise.reject(new Error("no listener")));

  it("refuses what Lambda refuses, with ValidationError", () => {
    const cases: [unknown, string][] = [
      [{ ...valid, schemaVersion: "2019-01-01" }, "schemaVersion"],
      [{ ...valid, types: [] }, "types should not be empty"],
      [{ ...valid, types: ["platform", "logs"] }, "types: logs"],
      [{ ...valid, destination: { protocol: "TCP", port: 1 } }, "protocol must be HTTP"],
      [
        { ...valid, destination: { protocol: "HTTP", URI: "http://10.0.0.1:80" } },
        "host must be sandbox.localdomain",
      ],
      [
        { ...valid, destination: { protocol: "HTTP", URI: "http://sandbox.localdomain" } },
        "port is not provided",
      ],
      [
        { ...valid, destination: { protocol: "HTTP", URI: "http://sandbox.localdomain:9001" } },
        "reserved",
      ],
      [
        { ...valid, buffering: { maxItems: 999 } },
        "buffering.maxItems must be between 1000 and 10000",
      ],
      [
        { ...valid, buffering: { maxBytes: 2_000_000 } },
        "buffering.maxBytes must be between 262144 and 1048576",
      ],
      [
        { ...valid, buffering: { timeoutMs: 10 } },
        "buffering.timeoutMs must be between 25 and 30000",
      ],
    ];
    for (const [doc, message] of cases) {
      const r = api.subscribe("ext", body(doc));
      expect(r.status, JSON.stringify(doc)).toBe(400);
      expect(r.body).toMatchObject({ errorType: "ValidationError" });
      expect((r.body as { errorMessage: string }).errorMessage).toContain(message);
    }
    expect(api.subscribe("ext", Buffer.from("{nope")).status).toBe(400);
  });

  it("takes the Logs API's schema versions on its own path only", () => {
    const doc = body({ ...valid, schemaVersion: "2021-03-18" });
    expect(api.subscribe("ext", doc).status).toBe(400);
    expect(api.subscribe("ext", doc, "logs")).toEqual({ status: 200, body: "OK" });
  });

  it("needs a registered extension, and closes with init", () => {
    const a = new TelemetryApi(() => Promise.reject(new Error("x")));
    expect(a.subscribe(undefined, body(valid))).toMatchObject({
      status: 403,
      body: { errorType: "Extension.UnknownExtensionIdentifier" },
    });
    expect(a.subscribe("ext", body(valid))).toEqual({ status: 200, body: "OK" });
    a.closeSubscriptions();
    expect(a.subscribe("ext", body(valid))).toMatchObject({
      status: 403,
      body: { errorType: "Telemetry.SubscriptionClosed" },
    });
    a.close();
  });

  it("buffers, replays init's events to a late subscriber, and POSTs batches in order", async () => {
    const received: { type: string; record: unknown }[][] = [];
    const server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => {
        received.push(JSON.parse(text) as { type: string; record: unknown }[]);
        res.end("OK");
      });
    });
    servers.push(server);
    const port = await new Promise<number>((r) =>
      server.listen(0, "127.0.0.1", () => r((server.address() as net.AddressInfo).port)),
    );
    const a = new TelemetryApi(async (p) => net.connect(p, "127.0.0.1"));
    a.emit("platform", "platform.initStart", { phase: "init" });
    a.emit("function", "function", "init line");
    a.emit("extension", "extension", "not subscribed");
    const r = a.subscribe(
      "ext",
      body({
        ...valid,
        buffering: { timeoutMs: 25 },
        destination: { protocol: "HTTP", URI: `http://sandbox.localdomain:${port}/` },
      }),
    );
    expect(r.status).toBe(200);
    a.closeSubscriptions();
    a.emit("platform", "platform.start", { requestId: "r" });
    await vi.waitFor(() => expect(received.flat().length).toBeGreaterThanOrEqual(4));
    expect(received.flat().map((e) => e.type)).toEqual([
      "platform.initStart",
      "function",
      "platform.telemetrySubscription",
      "platform.start",
    ]);
    a.close();
  });

  it("keeps one batch in flight over one kept-alive connection; what overflows meanwhile is dropped and reported", async () => {
    const batches: { type: string; record: unknown }[][] = [];
    let connections = 0;
    let first = true;
    const server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => {
        batches.push(JSON.parse(text) as { type: string; record: unknown }[]);
        // The first batch is acknowledged slowly: the next events pile up behind it.
        setTimeout(() => res.end("OK"), first ? 300 : 0);
        first = false;
      });
    });
    server.on("connection", () => connections++);
    servers.push(server);
    const port = await new Promise<number>((r) =>
      server.listen(0, "127.0.0.1", () => r((server.address() as net.AddressInfo).port)),
    );
    const a = new TelemetryApi(async (p) => net.connect(p, "127.0.0.1"));
    a.subscribe(
      "ext",
      body({
        ...valid,
        types: ["function"],
        buffering: { maxItems: 1000, timeoutMs: 25 },
        destination: { protocol: "HTTP", URI: `http://sandbox.localdomain:${port}/` },
      }),
    );
    a.closeSubscriptions();
    for (let i = 0; i < 2005; i++) a.emit("function", "function", `line ${i}`);
    await vi.waitFor(() => expect(batches.length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    expect(batches[0]).toHaveLength(1000);
    // The second batch filled while the first was in flight; 5 more were dropped, and said so.
    expect(batches[1]).toHaveLength(1001);
    expect(batches[1]?.[1000]).toMatchObject({
      type: "platform.logsDropped",
      record: { droppedRecords: 5, droppedBytes: expect.any(Number) },
    });
    expect(connections).toBe(1);
    a.close();
  }, 10_000);
});
