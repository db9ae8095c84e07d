import net from "node:net";
import { afterAll, afterEach, describe, expect, vi } from "vitest";
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { failure, logsClientFor, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { signedHeaders } from "@/test/support/signed-headers";
import { engineCredentials } from "@/test/support/client-config";

/**
 * Request bodies: refused before they are read when the credentials are missing or unknown, and
 * capped per operation for a known key.
 */

let t: TestEngine;
let logs: CloudWatchLogsClient;

const test = engineTest("body-limits-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  logs = logsClientFor(t.engine);
});
afterAll(async () => {
  logs?.destroy();
});

const DECLARED = 60 * 1024 * 1024;

/** An upload on a plain socket: the test decides how much of the body it sends, and when. */
interface Upload {
  socket: net.Socket;
  /** Body bytes written so far. */
  sent: number;
  response?: { status: number; headers: Record<string, string>; body: string };
  /** The engine closed the connection. */
  ended: boolean;
  write(bytes: number): void;
}

function startUpload(method: string, path: string, headers: Record<string, string>): Upload {
  const socket = net.connect(t.engine.port, "127.0.0.1");
  const up: Upload = {
    socket,
    sent: 0,
    ended: false,
    write(bytes) {
      up.sent += bytes;
      socket.write(Buffer.alloc(bytes, "x"));
    },
  };
  let raw = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    raw = Buffer.concat([raw, chunk]);
    const end = raw.indexOf("\r\n\r\n");
    if (end === -1 || up.response) return;
    const [statusLine = "", ...lines] = raw.subarray(0, end).toString("latin1").split("\r\n");
    const head: Record<string, string> = {};
    for (const l of lines)
      head[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
    const body = raw.subarray(end + 4);
    if (body.length < Number(head["content-length"] ?? 0)) return;
    up.response = {
      status: Number(statusLine.split(" ")[1]),
      headers: head,
      body: body.toString(),
    };
  });
  socket.on("end", () => (up.ended = true));
  socket.on("error", () => (up.ended = true));
  const lines = [`${method} ${path} HTTP/1.1`, `host: 127.0.0.1:${t.engine.port}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  socket.write(lines.join("\r\n") + "\r\n\r\n");
  uploads.push(up);
  return up;
}

/** Waits for the engine's answer; the client has sent only `up.sent` bytes of its body. */
async function answered(up: Upload) {
  await vi.waitFor(() => expect(up.response).toBeDefined(), { timeout: 10_000, interval: 10 });
  const res = up.response ?? { status: 0, headers: {}, body: "" };
  return {
    status: res.status,
    type: res.headers["x-amzn-errortype"],
    body: JSON.parse(res.body) as unknown,
  };
}

const INVOKE = "/2015-03-31/functions/any/invocations";
const uploads: Upload[] = [];
afterEach(() => {
  for (const up of uploads.splice(0)) up.socket.destroy();
});

describe("requests without known credentials", () => {
  test("are refused before their body is read: no Authorization", async () => {
    const up = startUpload("POST", INVOKE, { "content-length": String(DECLARED) });
    up.write(64 * 1024);
    expect(await answered(up)).toEqual({
      status: 403,
      type: "MissingAuthenticationTokenException",
      body: { Type: "User", message: "Missing Authentication Token" },
    });
    expect(up.sent).toBeLessThan(DECLARED / 100);
    // What it sends on is read away, not kept; past the operation's cap (6 MB) the engine hangs up.
    for (let i = 0; i < 8 && !up.ended; i++) up.write(1024 * 1024);
    await vi.waitFor(() => expect(up.ended).toBe(true), { timeout: 10_000, interval: 10 });
    expect(up.sent).toBeLessThan(DECLARED / 6);
  });

  test("are refused before their body is read: unknown key, malformed header", async () => {
    const date = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
    const unknown = startUpload("POST", INVOKE, {
      "content-length": String(DECLARED),
      "x-amz-date": date,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN000000000/${date.slice(0, 8)}/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
    });
    unknown.write(64 * 1024);
    expect(await answered(unknown)).toMatchObject({
      status: 403,
      type: "UnrecognizedClientException",
      body: { message: "The security token included in the request is invalid." },
    });
    expect(unknown.sent).toBeLessThan(DECLARED / 100);

    const malformed = startUpload("PUT", "/2015-03-31/functions/any/code", {
      "content-length": String(DECLARED),
      authorization: "AWS4-HMAC-SHA256 garbage",
    });
    malformed.write(64 * 1024);
    expect(await answered(malformed)).toMatchObject({
      status: 403,
      type: "IncompleteSignatureException",
    });
  });

  test("still get their answer when the whole body was sent (and an SDK client sees AWS's 403)", async () => {
    const res = await fetch(`${t.engine.endpoint}${INVOKE}`, { method: "POST", body: "{}" });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });
});

describe("per-operation body caps", () => {
  /** Headers signed by the engine's own key; the body itself is never sent whole. */
  const rootSigned = async (method: string, path: string) =>
    signedHeaders(new URL(`${t.engine.endpoint}${path}`), engineCredentials(t.engine), {
      method,
      body: "{}",
      headers: { "content-type": "application/json" },
    });

  test("a declared length over the operation's cap is 413 before the body is read", async () => {
    const path = "/2015-03-31/functions/any/configuration";
    const headers = await rootSigned("PUT", path);
    const up = startUpload("PUT", path, { ...headers, "content-length": String(DECLARED) });
    up.write(64 * 1024);
    expect(await answered(up)).toEqual({
      status: 413,
      type: "RequestEntityTooLargeException",
      body: {
        Type: "User",
        message:
          "Request must be smaller than 1048576 bytes for the UpdateFunctionConfiguration operation",
      },
    });
    expect(up.sent).toBeLessThan(DECLARED / 100);
  });

  test("a chunked body is cut off at the cap", async () => {
    const path = "/2015-03-31/functions/any/configuration";
    const headers = await rootSigned("PUT", path);
    delete headers["content-length"];
    const up = startUpload("PUT", path, { ...headers, "transfer-encoding": "chunked" });
    // 1.5 MB in chunks, and never the final chunk: only the cap can end this request.
    for (let i = 0; i < 24; i++) {
      up.socket.write(`10000\r\n`);
      up.write(0x10000);
      up.socket.write(`\r\n`);
    }
    expect(await answered(up)).toMatchObject({
      status: 413,
      type: "RequestEntityTooLargeException",
    });
  });

  test("answers the SDK with 413 per operation: configuration 1 MB, Invoke 6 MB, Event 1 MB, PutLogEvents", async () => {
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: "any",
            Description: "d".repeat(2 * 1024 * 1024),
          }),
        ),
      ),
    ).toEqual({
      name: "RequestEntityTooLargeException",
      status: 413,
      message:
        "Request must be smaller than 1048576 bytes for the UpdateFunctionConfiguration operation",
    });
    expect(
      await failure(
        t.lambda.send(
          new InvokeCommand({ FunctionName: "any", Payload: Buffer.alloc(6_291_457, "x") }),
        ),
      ),
    ).toEqual({
      name: "RequestEntityTooLargeException",
      status: 413,
      message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
    });
    expect(
      await failure(
        t.lambda.send(
          new InvokeWithResponseStreamCommand({
            FunctionName: "any",
            Payload: Buffer.alloc(6_291_457, "x"),
          }),
        ),
      ),
    ).toEqual({
      name: "RequestEntityTooLargeException",
      status: 413,
      message:
        "Request must be smaller than 6291456 bytes for the InvokeWithResponseStream operation",
    });
    expect(
      await failure(
        t.lambda.send(
          new InvokeCommand({
            FunctionName: "any",
            InvocationType: "Event",
            Payload: Buffer.alloc(1_048_577, "x"),
          }),
        ),
      ),
    ).toEqual({
      name: "RequestEntityTooLargeException",
      status: 413,
      message: "Request must be smaller than 1048576 bytes for the InvokeAsync operation",
    });
    // PutLogEvents takes up to 7 MB: its 1 MB of messages can grow six-fold in JSON escapes.
    await logs.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "g", logStreamName: "s" }));
    const escaped = "\u0001".repeat(150_000);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "g",
        logStreamName: "s",
        logEvents: Array.from({ length: 6 }, () => ({ timestamp: Date.now(), message: escaped })),
      }),
    );
    const over = await failure(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: "g",
          logStreamName: "s",
          logEvents: [{ timestamp: Date.now(), message: "m".repeat(7_340_033) }],
        }),
      ),
    );
    expect(over).toEqual({
      name: "RequestEntityTooLargeException",
      status: 413,
      message: "Request must be smaller than 7340032 bytes for the PutLogEvents operation",
    });
  });
});
