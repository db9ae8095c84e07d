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
