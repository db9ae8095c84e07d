import http from "node:http";
import { describe, expect } from "vitest";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  RemovePermissionCommand,
} from "@aws-sdk/client-lambda";
import { signedHeaders } from "@/test/support/signed-headers";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { engineCredentials } from "@/test/support/client-config";

const HANDLER = `
export const handler = async (event) => {
  if (event.rawPath === "/plain") return { hello: "world" };
  if (event.rawPath === "/fail") throw new Error("boom");
  if (event.rawPath === "/bin")
    return { statusCode: 200, headers: { "content-type": "application/octet-stream" },
      body: Buffer.from([0, 1, 2, 255]).toString("base64"), isBase64Encoded: true };
  return {
    statusCode: 201,
    headers: { "x-echo": "yes", "content-type": "application/json",
      "access-control-allow-origin": "https://evil.example" },
    cookies: ["a=1; Path=/", "b=2; HttpOnly"],
    body: JSON.stringify({
      path: event.rawPath, query: event.queryStringParameters ?? null, body: event.body ?? null,
      b64: event.isBase64Encoded, cookies: event.cookies ?? null,
      method: event.requestContext.http.method, version: event.version,
      iam: event.requestContext.authorizer?.iam?.accessKey ?? null,
      account: event.requestContext.accountId,
    }),
  };
};
`;

const STREAMING = `
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const out = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 202, headers: { "content-type": "text/plain", "x-streamed": "1" }, cookies: ["s=1"],
  });
  out.write("hello ");
  await new Promise((r) => setTimeout(r, 1000));
  out.write("stream");
  out.end();
});
`;

let t: TestEngine;
let publicUrl = "";
let iamUrl = "";
let streamUrl = "";
const pathForm = (u: string, path: string) => {
  const url = new URL(u);
  const id = url.hostname.split(".")[0] ?? "";
  return `http://127.0.0.1:${url.port}/lambda-url/${id}${path}`;
};

const test = engineTest("urlsrv-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  const code = { ZipFile: makeZip({ "index.mjs": HANDLER }) };
  await t.lambda.send(new CreateFunctionCommand(createInput("pub", { Code: code })));
  await t.lambda.send(new CreateFunctionCommand(createInput("iam", { Code: code })));
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput("streamer", { Code: { ZipFile: makeZip({ "index.mjs": STREAMING }) } }),
    ),
  );
  for (const n of ["pub", "iam", "streamer"]) await settled(t.lambda, n);
  publicUrl =
    (
      await t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: "pub",
          AuthType: "NONE",
          Cors: {
            AllowOrigins: ["https://app.example"],
            AllowMethods: ["POST"],
            AllowHeaders: ["x-custom"],
            ExposeHeaders: ["x-echo"],
            MaxAge: 300,
          },
        }),
      )
    ).FunctionUrl ?? "";
  iamUrl =
    (
      await t.lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: "iam", AuthType: "AWS_IAM" }),
      )
    ).FunctionUrl ?? "";
  streamUrl =
    (
      await t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: "streamer",
          AuthType: "NONE",
          InvokeMode: "RESPONSE_STREAM",
        }),
      )
    ).FunctionUrl ?? "";
  for (const fn of ["pub", "streamer"])
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: fn,
        StatementId: "FunctionURLAllowPublicAccess",
        Action: "lambda:InvokeFunctionUrl",
        Principal: "*",
        FunctionUrlAuthType: "NONE",
      }),
    );
}, 120_000);

describe("serving function URLs", () => {
  test("routes by host name and passes a 2.0 event; the response's status, headers and cookies come back", async () => {
    const url = new URL(publicUrl);
    const res = await new Promise<http.IncomingMessage & { body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: Number(url.port),
          path: "/items/7?x=1&x=2&y=3",
          method: "POST",
          headers: { host: url.host, "content-type": "application/json", cookie: "c1=v1; c2=v2" },
        },
        (r) => {
          let body = "";
          r.on("data", (c: Buffer) => (body += c.toString()));
          r.on("end", () => resolve(Object.assign(r, { body })));
        },
      );
      req.on("error", reject);
      req.end('{"n":1}');
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers["x-echo"]).toBe("yes");
    expect(res.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; HttpOnly"]);
    expect(JSON.parse(res.body)).toEqual({
      path: "/items/7",
      query: { x: "1,2", y: "3" },
      body: '{"n":1}',
      b64: false,
      cookies: ["c1=v1", "c2=v2"],
      method: "POST",
      version: "2.0",
      iam: null,
      account: "anonymous",
    });
  });

  test("a plain value becomes a 200 JSON body; binary bodies go both ways in base64", async () => {
    const plain = await fetch(pathForm(publicUrl, "/plain"));
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(await plain.json()).toEqual({ hello: "world" });
    const bin = await fetch(pathForm(publicUrl, "/bin"));
    expect(Buffer.from(await bin.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    const up = await fetch(pathForm(publicUrl, "/echo"), {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    });
    const echoed = (await up.json()) as { body: string; b64: boolean };
    expect(echoed).toMatchObject({
      b64: true,
      body: Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString("base64"),
    });
  });

  test("a function error is a 502", async () => {
    const res = await fetch(pathForm(publicUrl, "/fail"));
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ Message: "Internal Server Error" });
  });

  test("CORS: a preflight is answered without the function; responses carry the configured headers", async () => {
    const pre = await fetch(pathForm(publicUrl, "/x"), {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "X-Custom",
      },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(pre.headers.get("access-control-allow-methods")).toBe("POST");
    expect(pre.headers.get("access-control-allow-headers")).toBe("x-custom");
    expect(pre.headers.get("access-control-max-age")).toBe("300");
    const other = await fetch(pathForm(publicUrl, "/x"), {
      method: "OPTIONS",
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const res = await fetch(pathForm(publicUrl, "/echo"), {
      headers: { origin: "https://app.example" },
    });
    // The configured CORS headers replace the function's own.
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(res.headers.get("access-control-expose-headers")).toBe("x-echo");
  });

  test("AuthType NONE needs the resource-policy statement: 403 without it", async () => {
    await t.lambda.send(
      new RemovePermissionCommand({
        FunctionName: "pub",
        StatementId: "FunctionURLAllowPublicAccess",
      }),
    );
    const denied = await fetch(pathForm(publicUrl, "/plain"));
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ Message: "Forbidden" });
    // A statement for another action does not open the URL either.
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pub",
        StatementId: "invoke-only",
        Action: "lambda:InvokeFunction",
        Principal: "*",
      }),
    );
    expect((await fetch(pathForm(publicUrl, "/plain"))).status).toBe(403);
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pub",
        StatementId: "FunctionURLAllowPublicAccess",
        Action: "lambda:InvokeFunctionUrl",
        Principal: "*",
        FunctionUrlAuthType: "NONE",
      }),
    );
    expect((await fetch(pathForm(publicUrl, "/plain"))).status).toBe(200);
  });

  test("AWS_IAM: unsigned, wrongly signed and foreign-key requests are 403; a SigV4 request runs", async () => {
    const target = new URL(pathForm(iamUrl, "/who"));
    expect((await fetch(target)).status).toBe(403);
    const wrong = await signedHeaders(
      target,
      { ...engineCredentials(t.engine), secretAccessKey: "not-the-secret" },
      { method: "GET" },
    );
    expect((await fetch(target, { headers: wrong })).status).toBe(403);
    const unknown = await signedHeaders(
      target,
      { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
      { method: "GET" },
    );
    expect((await fetch(target, { headers: unknown })).status).toBe(403);
    const creds = engineCredentials(t.engine);
    const res = await fetch(target, {
      headers: await signedHeaders(target, creds, { method: "GET" }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ iam: creds.accessKeyId, account: "000000000000" });
  });

  test("an unknown URL id is a 404", async () => {
    const res = await fetch(
      pathForm(publicUrl.replace(/\/\/[a-z0-9]{32}/, `//${"0".repeat(32)}`), "/"),
    );
    expect(res.status).toBe(404);
  });

  test("RESPONSE_STREAM: awslambda.streamifyResponse with HttpResponseStream metadata", async () => {
    const res = await fetch(pathForm(streamUrl, "/"));
    expect(res.status).toBe(202);
    expect(res.headers.get("x-streamed")).toBe("1");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(res.headers.getSetCookie()).toEqual(["s=1"]);
    // The head and the first write arrive while the function is still running (it pauses 1 s).
    const reader = (res.body ?? new ReadableStream<Uint8Array>()).getReader();
    const pieces: { text: string; at: number }[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read())
      pieces.push({ text: Buffer.from(r.value).toString(), at: performance.now() });
    expect(pieces.map((p) => p.text).join("")).toBe("hello stream");
    expect(pieces[0]?.text).toBe("hello ");
    expect((pieces.at(-1)?.at ?? 0) - (pieces[0]?.at ?? 0)).toBeGreaterThan(700);
  });
});
