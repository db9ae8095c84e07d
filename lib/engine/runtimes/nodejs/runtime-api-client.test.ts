import net from "node:net";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// runtime-api-client.cjs on the wire, against a Runtime API written here byte for byte: what it
// sends, and what it makes of answers the engine's Runtime API does not give but another could
// (chunked bodies, answers split anywhere, repeated headers, closed connections, errors).
// runtime-api-client.spec.ts checks it against the engine, through a function.
interface Client {
  next(): Promise<{ bodyJson: string; headers: Record<string, string | number> }>;
  done(...args: unknown[]): null;
  error(...args: unknown[]): null;
}

/** Each request the client sends (head and body as text), answered by the test's `reply`. */
interface Seen {
  request: string;
  socket: net.Socket;
}
let server: net.Server;
let client: Client;
let connections = 0;
const seen: Seen[] = [];
const waiters: ((s: Seen) => void)[] = [];

function nextRequest(): Promise<Seen> {
  const s = seen.shift();
  if (s) return Promise.resolve(s);
  return new Promise((resolve) => waiters.push(resolve));
}

beforeAll(async () => {
  server = net.createServer((socket) => {
    connections++;
    let buf = Buffer.alloc(0);
    socket.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.toString("latin1", 0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        const bodyEnd = end + 4 + length;
        if (buf.length < bodyEnd) return;
        const s = { request: buf.toString("utf8", 0, bodyEnd), socket };
        buf = buf.subarray(bodyEnd);
        const w = waiters.shift();
        if (w) w(s);
        else seen.push(s);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  process.env.AWS_LAMBDA_RUNTIME_API = `127.0.0.1:${port}`;
  client = createRequire(import.meta.url)("./runtime-api-client.cjs") as Client;
});
afterAll(() => {
  server.close();
  delete process.env.AWS_LAMBDA_RUNTIME_API;
});

const invokeHead = (id: string, body: string, more = "") =>
  `HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: ${id}\r\nLambda-Runtime-Deadline-Ms: 1700000000123\r\n` +
  `Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:f\r\n${more}` +
  `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

describe("runtime-api-client.cjs (aws-lambda-ric's Runtime API client once hot)", () => {
  it("asks for the next invoke as the native client does and hands it over in the native client's shape", async () => {
    const got = client.next();
    const req = await nextRequest();
    expect(req.request).toBe(
      `GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${process.env.AWS_LAMBDA_RUNTIME_API}\r\n` +
        "Accept: */*\r\nUser-Agent: AWS_Lambda_Cpp/0.2.6\r\n\r\n",
    );
    const body = '{"a":"héllo ☃"}';
    req.socket.write(
      invokeHead(
        "id-1",
        body,
        'lambda-runtime-trace-id:   Root=1-x  \r\nLAMBDA-RUNTIME-CLIENT-CONTEXT: {"c":1}\r\n' +
          "Lambda-Runtime-Aws-Request-Id: a-repeat-is-not-read\r\n",
      ) + body,
    );
    expect(await got).toEqual({
      bodyJson: body,
      headers: {
        "lambda-runtime-deadline-ms": 1700000000123,
        "lambda-runtime-aws-request-id": "id-1",
        "lambda-runtime-trace-id": "Root=1-x",
        "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "lambda-runtime-client-context": '{"c":1}',
      },
    });
  });

  it("posts results and errors with the native client's headers, the next poll right behind them on one connection", async () => {
    const before = connections;
    expect(client.done("id-1", '{"ok":"☃"}')).toBeNull();
    const next = client.next();
    const post = await nextRequest();
    expect(post.request).toBe(
      "POST /2018-06-01/runtime/invocation/id-1/response HTTP/1.1\r\n" +
        `Host: ${process.env.AWS_LAMBDA_RUNTIME_API}\r\nAccept: */*\r\ncontent-type: application/json\r\n` +
        "lambda-runtime-function-xray-error-cause: \r\nUser-Agent: AWS_Lambda_Cpp/0.2.6\r\n" +
        'content-length: 12\r\n\r\n{"ok":"☃"}',
    );
    // The /next does not wait for the result's answer (HTTP/1.1 pipelining: answers come in order).
    const poll = await nextRequest();
    expect(poll.request.startsWith("GET /2018-06-01/runtime/invocation/next ")).toBe(true);
    expect(poll.socket).toBe(post.socket);
    post.socket.write('HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{"status":"OK"}\n');
    // An answer split at every byte, its body chunked: read whole all the same.
    const body = '{"b":2}';
    const answer =
      "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-2\r\nTransfer-Encoding: chunked\r\n\r\n" +
      `3\r\n${body.slice(0, 3)}\r\n4\r\n${body.slice(3)}\r\n0\r\n\r\n`;
    for (const ch of answer) {
      poll.socket.write(ch);
      await new Promise((r) => setImmediate(r));
    }
    expect(await next).toEqual({
      bodyJson: body,
      headers: {
        "lambda-runtime-deadline-ms": 0,
        "lambda-runtime-aws-request-id": "id-2",
        "lambda-runtime-trace-id": "",
        "lambda-runtime-invoked-function-arn": "",
      },
    });
    expect(client.error("id-2", '{"errorType":"E"}', '{"x":"ray"}')).toBeNull();
    const err = await nextRequest();
    expect(err.request).toContain("POST /2018-06-01/runtime/invocation/id-2/error HTTP/1.1\r\n");
    expect(err.request).toContain('lambda-runtime-function-xray-error-cause: {"x":"ray"}\r\n');
    err.socket.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
    expect(connections).toBe(before);
  });

  it("gives the body up to its first NUL byte, as the native client's C string does", async () => {
    const got = client.next();
    const req = await nextRequest();
    req.socket.write(
      Buffer.concat([Buffer.from(invokeHead("id-3", "ab\0cd")), Buffer.from("ab\0cd")]),
    );
    expect((await got).bodyJson).toBe("ab");
  });

  it("fails a poll with the native client's errors: the status, or -1 without an answer or an id", async () => {
    let got = client.next();
    let req = await nextRequest();
    req.socket.write("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
    await expect(got).rejects.toThrow("Failed to get next invocation, error 404");

    got = client.next();
    req = await nextRequest();
    req.socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    await expect(got).rejects.toThrow("Failed to get next invocation, error -1");

    got = client.next();
    req = await nextRequest();
    req.socket.destroy();
    await expect(got).rejects.toThrow("Failed to get next invocation, error -1");
    // The next request goes on a new connection.
    const before = connections;
    got = client.next();
    req = await nextRequest();
    expect(connections).toBe(before + 1);
    req.socket.write(invokeHead("id-4", "{}") + "{}");
    expect((await got).headers["lambda-runtime-aws-request-id"]).toBe("id-4");
  });

  it("polls again on a new connection when one dies with its poll behind an unanswered result", async () => {
    const before = connections;
    client.done("id-5", "{}");
    const got = client.next();
    const post = await nextRequest();
    const first = await nextRequest();
    expect(first.request.startsWith("GET /2018-06-01/runtime/invocation/next ")).toBe(true);
    post.socket.destroy();
    // The result had no answer (the native client drops it too); the poll is sent again.
    const again = await nextRequest();
    expect(again.request).toBe(first.request);
    expect(connections).toBe(before + 1);
    again.socket.write(invokeHead("id-6", "{}") + "{}");
    expect((await got).headers["lambda-runtime-aws-request-id"]).toBe("id-6");
  });

  it("checks its arguments as the native client does", () => {
    expect(() => client.done("id")).toThrow(new TypeError("Wrong number of arguments, expected 2"));
    expect(() => client.done("id", 1)).toThrow(new TypeError("Wrong arguments"));
    expect(() => client.error("id", "{}")).toThrow(
      new TypeError("Wrong number of arguments, expected 3"),
    );
    expect(() => client.error("id", "{}", null)).toThrow(new TypeError("Wrong arguments"));
  });
});
