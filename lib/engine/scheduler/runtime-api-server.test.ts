import { afterEach, describe, expect, it } from "vitest";
import { RuntimeApiServer, type RuntimeEvent } from "./runtime-api-server";

let server: RuntimeApiServer | undefined;
afterEach(() => server?.close());

async function start() {
  const events: RuntimeEvent[] = [];
  server = new RuntimeApiServer((e) => events.push(e));
  const port = await server.listen();
  return { events, base: `http://127.0.0.1:${port}/2018-06-01/runtime`, s: server };
}

describe("Runtime API 2018-06-01", () => {
  it("long-polls /next, delivers with the documented headers, accepts the response with 202", async () => {
    const { events, base, s } = await start();
    const next = fetch(`${base}/invocation/next`);
    // The poll reaches the server when it reaches it (a loaded machine can take a while).
    await expect.poll(() => events, { timeout: 2000, interval: 10 }).toEqual([{ kind: "ready" }]);
    s.deliver({
      requestId: "req-1",
      payload: Buffer.from('{"a":1}'),
      deadlineMs: 123,
      functionArn: "arn:x",
      traceId: "Root=1-x",
      clientContext: '{"c":1}',
    });
    const res = await next;
    expect(res.status).toBe(200);
    expect(res.headers.get("lambda-runtime-aws-request-id")).toBe("req-1");
    expect(res.headers.get("lambda-runtime-deadline-ms")).toBe("123");
    expect(res.headers.get("lambda-runtime-invoked-function-arn")).toBe("arn:x");
    expect(res.headers.get("lambda-runtime-trace-id")).toBe("Root=1-x");
    expect(res.headers.get("lambda-runtime-client-context")).toBe('{"c":1}');
    expect(await res.text()).toBe('{"a":1}');
    const post = await fetch(`${base}/invocation/req-1/response`, { method: "POST", body: '"ok"' });
    expect(post.status).toBe(202);
    expect(events.at(-1)).toMatchObject({ kind: "response", requestId: "req-1" });
  });

  it("answers 400 for a request id that is not the current invocation, and for a second answer", async () => {
    const { base, s } = await start();
    s.deliver({
      requestId: "req-2",
      payload: Buffer.from("{}"),
      deadlineMs: 1,
      functionArn: "a",
      traceId: "t",
    });
    const wrong = await fetch(`${base}/invocation/other/response`, { method: "POST", body: "1" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      errorMessage: "Invalid request ID",
      errorType: "InvalidRequestID",
    });
    expect(
      (
        await fetch(`${base}/invocation/req-2/error`, {
          method: "POST",
          body: "{}",
          headers: { "Lambda-Runtime-Function-Error-Type": "X" },
        })
      ).status,
    ).toBe(202);
    expect(
      (await fetch(`${base}/invocation/req-2/response`, { method: "POST", body: "1" })).status,
    ).toBe(400);
  });

  it("takes /init/error with its error type, and 404s anything else", async () => {
    const { events, base } = await start();
    const r = await fetch(`${base}/init/error`, {
      method: "POST",
      body: '{"errorType":"E"}',
      headers: { "Lambda-Runtime-Function-Error-Type": "Runtime.X" },
    });
    expect(r.status).toBe(202);
    expect(events[0]).toMatchObject({ kind: "init-error", errorType: "Runtime.X" });
    expect((await fetch(`${base.replace("/runtime", "")}/other`, { method: "POST" })).status).toBe(
      404,
    );
  });
});

/** A raw client on one connection: writes bytes, reads what comes back. */
async function rawClient(port: number) {
  const net = await import("node:net");
  const sock = net.connect(port, "127.0.0.1");
  /** What each read brought. */
  const reads: string[] = [];
  sock.on("data", (d: Buffer) => reads.push(d.toString("latin1")));
  await new Promise((r) => sock.once("connect", r));
  const got = () => reads.join("");
  /** The status of each answer so far, in order. */
  const statuses = () =>
    got()
      .split("HTTP/1.1 ")
      .slice(1)
      .map((a) => a.slice(0, 3));
  return {
    write: (s: string | Buffer) => sock.write(s),
    /** Everything received so far, once it contains `n` answers. */
    answers: async (n: number) => {
      await expect
        .poll(() => statuses().length, { timeout: 2000, interval: 5 })
        .toBeGreaterThanOrEqual(n);
      return got();
    },
    statuses,
    reads,
    closed: () => new Promise((r) => sock.once("close", r)),
    end: () => sock.destroy(),
  };
}

const inv = (requestId: string, more: object = {}) => ({
  requestId,
  payload: Buffer.from('{"n":1}'),
  deadlineMs: 9,
  functionArn: "arn:f",
  ...more,
});

describe("Runtime API on one keep-alive connection (the runtime client's)", () => {
  it("serves next → response → next, then a chunked, streamed POST with trailers on the same socket", async () => {
    const { events, s } = await start();
    const c = await rawClient(s.port);
    c.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n");
    await expect.poll(() => events.length).toBe(1);
    s.deliver(inv("a"));
    let got = await c.answers(1);
    expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(got).toContain("lambda-runtime-aws-request-id: a\r\n");
    expect(got).toContain("lambda-runtime-deadline-ms: 9\r\n");
    expect(got.endsWith('\r\n\r\n{"n":1}')).toBe(true);
    // The body arrives in two writes, the second one with the next poll behind it.
    c.write(
      'POST /2018-06-01/runtime/invocation/a/response HTTP/1.1\r\nContent-Length: 5\r\n\r\n"o',
    );
    await new Promise((r) => setTimeout(r, 20));
    c.write('k!"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');
    await expect.poll(() => events.length).toBe(2);
    expect(events[1]).toMatchObject({ kind: "response", requestId: "a" });
    expect(String((events[1] as { body: Buffer }).body)).toBe('"ok!"');
    // The poll sent behind the result is parked; the result's 202 goes out with its answer.
    await expect.poll(() => (s as unknown as { parked: unknown }).parked).toBeTruthy();
    expect(c.statuses()).toEqual(["200"]);
    s.deliver(inv("b"));
    got = await c.answers(3);
    expect(c.statuses()).toEqual(["200", "202", "200"]);
    expect(got).toContain(
      'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"OK"}HTTP/1.1 200 OK\r\n',
    );
    expect(c.reads.at(-1)).toMatch(
      /^HTTP\/1\.1 202 Accepted\r\n[^]*lambda-runtime-aws-request-id: b\r\n/,
    );
    // A streamed response (chunked, its error in trailers) after two exchanges on this socket.
    c.write(
      "POST /2018-06-01/runtime/invocation/b/response HTTP/1.1\r\nHost: x\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n" +
        "Transfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n" +
        "3\r\nabc\r\n0\r\nLambda-Runtime-Function-Error-Type: Boom\r\n" +
        `Lambda-Runtime-Function-Error-Body: ${Buffer.from('{"errorMessage":"x"}').toString("base64")}\r\n\r\n`,
    );
    got = await c.answers(4);
    expect(got.split("HTTP/1.1 ").at(-1)).toMatch(/^202 /);
    expect(events).toContainEqual({ kind: "chunk", requestId: "b", chunk: Buffer.from("abc") });
    expect(events.at(-1)).toMatchObject({ kind: "error", requestId: "b", errorType: "Boom" });
    c.end();
  });

  it("takes a 3 MB result in 64 KB pieces, and a result over 6 MB with Lambda's 413", async () => {
    const { events, s } = await start();
    const c = await rawClient(s.port);
    s.deliver(inv("big"));
    c.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n");
    await c.answers(1);
    const body = Buffer.alloc(3 * 1024 * 1024, "a");
    c.write(
      `POST /2018-06-01/runtime/invocation/big/response HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    for (let at = 0; at < body.length; at += 65536) c.write(body.subarray(at, at + 65536));
    c.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n");
    await expect.poll(() => events.some((e) => e.kind === "response")).toBe(true);
    const got = events.find((e) => e.kind === "response") as { body: Buffer } | undefined;
    expect(got?.body.equals(body)).toBe(true);
    s.deliver(inv("huge"));
    await c.answers(3);
    expect(c.statuses()).toEqual(["200", "202", "200"]);
    const huge = 6_291_557;
    c.write(
      `POST /2018-06-01/runtime/invocation/huge/response HTTP/1.1\r\nHost: x\r\nContent-Length: ${huge}\r\n\r\n`,
    );
    c.write(Buffer.alloc(huge, "b"));
    const all = await c.answers(4);
    expect(all.split("HTTP/1.1 ").at(-1)).toMatch(/^413 /);
    expect(events.at(-1)).toEqual({ kind: "response-too-large", requestId: "huge" });
    c.end();
  });

  it("answers pipelined requests in order, and closes after Connection: close", async () => {
    const { events, s } = await start();
    s.deliver(inv("p"));
    const c = await rawClient(s.port);
    c.write(
      "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n" +
        "POST /2018-06-01/runtime/invocation/wrong/response HTTP/1.1\r\nContent-Length: 0\r\n\r\n" +
        "POST /2018-06-01/runtime/invocation/p/error HTTP/1.1\r\nContent-Length: 2\r\nLambda-Runtime-Function-Error-Type: E.x\r\nConnection: close\r\n\r\n{}",
    );
    const closed = c.closed();
    const got = await c.answers(3);
    expect(c.statuses()).toEqual(["200", "400", "202"]);
    expect(got).toContain('{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}');
    expect(events.at(-1)).toMatchObject({ kind: "error", requestId: "p", errorType: "E.x" });
    await closed;
  });

  it("sends a held 202 before node:http answers the request pipelined behind it, and at once without one", async () => {
    const { events, s } = await start();
    s.deliver(inv("h"));
    const c = await rawClient(s.port);
    c.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n");
    await c.answers(1);
    c.write(
      "POST /2018-06-01/runtime/invocation/h/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}" +
        "PUT /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    await c.answers(3);
    expect(c.statuses()).toEqual(["200", "202", "405"]);
    expect(events.at(-1)).toMatchObject({ kind: "response", requestId: "h" });
    // Nothing behind the result (aws-lambda-ric's native client): its 202 comes at once.
    s.deliver(inv("i"));
    const d = await rawClient(s.port);
    d.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n");
    await d.answers(1);
    d.write(
      "POST /2018-06-01/runtime/invocation/i/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
    );
    await d.answers(2);
    expect(d.statuses()).toEqual(["200", "202"]);
    c.end();
    d.end();
  });

  it("refuses a header value with a line break, as node:http does (no injected headers)", async () => {
    const { s } = await start();
    const c = await rawClient(s.port);
    c.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n");
    await expect.poll(() => (s as unknown as { parked: unknown }).parked).toBeTruthy();
    expect(() => s.deliver(inv("x", { clientContext: '{"a":1}\r\nX-Evil: 1' }))).toThrow(
      /Invalid character in header content/,
    );
    c.end();
  });

  it("leaves what it does not serve to node:http: 405, 404, an oversized head (431)", async () => {
    const { s } = await start();
    const c = await rawClient(s.port);
    c.write(
      "PUT /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    expect((await c.answers(1)).slice(0, 12)).toBe("HTTP/1.1 405");
    c.end();
    const d = await rawClient(s.port);
    d.write(
      `GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    expect((await d.answers(1)).slice(0, 12)).toBe("HTTP/1.1 431");
    d.end();
  });
});
