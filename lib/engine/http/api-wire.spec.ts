import net from "node:net";
import { expect, vi } from "vitest";
import { engineTest } from "@/test/support/fixtures";
import { signedHeaders } from "@/test/support/signed-headers";
import { engineCredentials } from "@/test/support/client-config";
import type { TestEngine } from "@/test/support/lambda";

/**
 * The API's wire path (api-server.ts): Invokes read and answered on the socket, and everything
 * else on the same connection handed to node:http, as a raw HTTP/1.1 client sees it.
 */

const test = engineTest("api-wire-");
const FN = "wire-echo";
const INVOKE = `/2015-03-31/functions/${FN}/invocations`;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A keep-alive connection whose answers are parsed as they arrive (Content-Length framed). */
function connect(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  const answers: Answer[] = [];
  let raw = Buffer.alloc(0);
  let ended = false;
  socket.on("data", (chunk: Buffer) => {
    raw = Buffer.concat([raw, chunk]);
    for (;;) {
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [statusLine = "", ...lines] = raw.subarray(0, end).toString("latin1").split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines)
        headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
      const length = Number(headers["content-length"] ?? 0);
      if (raw.length < end + 4 + length) return;
      const body = raw.subarray(end + 4, end + 4 + length).toString();
      raw = raw.subarray(end + 4 + length);
      answers.push({ status: Number(statusLine.split(" ")[1]), headers, body });
    }
  });
  socket.on("close", () => (ended = true));
  socket.on("error", () => {});
  return {
    socket,
    answers,
    get ended() {
      return ended;
    },
    async next(n: number): Promise<Answer[]> {
      await vi.waitFor(() => expect(answers.length).toBeGreaterThanOrEqual(n), {
        timeout: 15_000,
        interval: 5,
      });
      return answers.slice(0, n);
    },
  };
}

/** A request's bytes, signed by the engine's key over `signedBody` (the body sent by default). */
async function request(
  t: TestEngine,
  method: string,
  path: string,
  body: string,
  opts: { signedBody?: string; headers?: Record<string, string>; raw?: string[] } = {},
): Promise<string> {
  const url = new URL(`${t.engine.endpoint}${path}`);
  const headers = await signedHeaders(url, engineCredentials(t.engine), {
    method,
    body: opts.signedBody ?? body,
    headers: { "content-type": "application/json", ...opts.headers },
  });
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${url.host}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push(`content-length: ${Buffer.byteLength(body)}`, ...(opts.raw ?? []));
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

test.beforeAll(async ({ createFunction }) => {
  await createFunction(FN);
});

test("a keep-alive connection: Invokes on the wire, a GetFunction hands it to node:http, Invokes go on there", async ({
  testEngine: t,
}) => {
  const c = connect(t.engine.port);
  c.socket.write(await request(t, "POST", INVOKE, '{"n":1}'));
  const [wire] = await c.next(1);
  c.socket.write(await request(t, "GET", `/2015-03-31/functions/${FN}`, ""));
  const [, got] = await c.next(2);
  c.socket.write(await request(t, "POST", INVOKE, '{"n":2}'));
  const [, , node] = await c.next(3);
  expect(wire?.status).toBe(200);
  expect(JSON.parse(wire?.body ?? "")).toEqual({ ok: true, e: { n: 1 } });
  expect(got?.status).toBe(200);
  expect(JSON.parse(got?.body ?? "").Configuration.FunctionName).toBe(FN);
  expect(node?.status).toBe(200);
  expect(JSON.parse(node?.body ?? "")).toEqual({ ok: true, e: { n: 2 } });
  // The same answer, header for header, from either path (the request id and date aside).
  const shape = (a: Answer | undefined) =>
    Object.fromEntries(
      Object.entries(a?.headers ?? {}).map(([k, v]) => [
        k,
        k === "x-amzn-requestid" || k === "date" || k === "content-length" ? typeof v : v,
      ]),
    );
  expect(shape(wire)).toEqual(shape(node));
  expect(wire?.headers).toMatchObject({
    "content-type": "application/json",
    "x-amz-executed-version": "$LATEST",
    connection: "keep-alive",
    "keep-alive": "timeout=60",
  });
  expect(new Date(wire?.headers.date ?? "").getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(wire?.headers["x-amzn-requestid"]).not.toBe(node?.headers["x-amzn-requestid"]);
  c.socket.destroy();
});

test("pipelined Invokes are answered in order; Connection: close is honoured", async ({
  testEngine: t,
}) => {
  const c = connect(t.engine.port);
  c.socket.write(
    (await request(t, "POST", INVOKE, '{"n":"a"}')) +
      (await request(t, "POST", INVOKE, '{"n":"b"}', { raw: ["connection: close"] })),
  );
  const [a, b] = await c.next(2);
  expect(JSON.parse(a?.body ?? "")).toEqual({ ok: true, e: { n: "a" } });
  expect(JSON.parse(b?.body ?? "")).toEqual({ ok: true, e: { n: "b" } });
  expect(b?.headers.connection).toBe("close");
  await vi.waitFor(() => expect(c.ended).toBe(true), { timeout: 5_000, interval: 5 });
});

test("a body that is not the one signed gets SigV4's 403, and the connection serves on", async ({
  testEngine: t,
}) => {
  const c = connect(t.engine.port);
  c.socket.write(await request(t, "POST", INVOKE, '{"n":"forged"}', { signedBody: '{"n":"x"}' }));
  const [forged] = await c.next(1);
  expect(forged?.status).toBe(403);
  expect(forged?.headers["x-amzn-errortype"]).toMatch(/^InvalidSignatureException/);
  c.socket.write(await request(t, "POST", INVOKE, '{"n":3}'));
  const [, ok] = await c.next(2);
  expect(JSON.parse(ok?.body ?? "")).toEqual({ ok: true, e: { n: 3 } });
  c.socket.destroy();
});

test("what node:http refuses is refused as before: a control character, a repeated Content-Length", async ({
  testEngine: t,
}) => {
  for (const raw of ["x-note: a\u0001b", "content-length: 7"]) {
    const c = connect(t.engine.port);
    c.socket.write(await request(t, "POST", INVOKE, '{"n":4}', { raw: [raw] }));
    const [bad] = await c.next(1);
    expect(bad?.status).toBe(400);
    await vi.waitFor(() => expect(c.ended).toBe(true), { timeout: 5_000, interval: 5 });
  }
});
