import { describe, expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

let h: InvokeHarness;
const text = (p: Uint8Array | undefined) => Buffer.from(p ?? new Uint8Array()).toString("utf8");
const parse = (p: Uint8Array | undefined) => JSON.parse(text(p)) as Record<string, unknown>;

const test = harnessTest("rt-spec-");

test.beforeAll(({ harness }) => {
  h = harness;
});

describe("nodejs runtimes (aws-lambda-ric)", () => {
  test("runs an ESM async handler with the Lambda context", async () => {
    h.add({
      name: "esm",
      runtime: "nodejs20.x",
      files: {
        "index.mjs": `export const handler = async (event, context) => ({
          event, fn: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn,
          mem: context.memoryLimitInMB, group: context.logGroupName, stream: context.logStreamName,
          id: context.awsRequestId, left: context.getRemainingTimeInMillis(), cc: context.clientContext });`,
      },
    });
    // Pretty-printed and not ASCII: it reaches the runtime in a header, as the same object.
    const clientContext = Buffer.from(
      JSON.stringify({ custom: { k: "v", who: "Zoë ✓" } }, null, 2),
    ).toString("base64");
    const r = await h.lambda.send(
      new InvokeCommand({
        FunctionName: "esm",
        Payload: Buffer.from('{"x":1}'),
        ClientContext: clientContext,
      }),
    );
    expect(r.StatusCode).toBe(200);
    expect(r.FunctionError).toBeUndefined();
    expect(r.ExecutedVersion).toBe("$LATEST");
    const out = parse(r.Payload);
    expect(out).toMatchObject({
      event: { x: 1 },
      fn: "esm",
      version: "$LATEST",
      mem: "128",
      group: "/aws/lambda/esm",
    });
    expect(out.arn).toBe("arn:aws:lambda:us-east-1:000000000000:function:esm");
    expect(out.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(out.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.left).toBeGreaterThan(2000);
    expect(out.cc).toMatchObject({ custom: { k: "v", who: "Zoë ✓" } });
  });

  test("runs a CommonJS callback handler on nodejs22.x", async () => {
    h.add({
      name: "cjs",
      runtime: "nodejs22.x",
      handler: "lib/app.handler",
      files: {
        "lib/app.js": `exports.handler = function (event, context, callback) { setTimeout(() => callback(null, { got: event.n * 2, env: process.env.AWS_EXECUTION_ENV }), 5); };`,
      },
    });
    const r = await h.lambda.send(
      new InvokeCommand({ FunctionName: "cjs", Payload: Buffer.from('{"n":21}') }),
    );
    expect(parse(r.Payload)).toEqual({ got: 42, env: "AWS_Lambda_nodejs22.x" });
    const err = await h.lambda.send(
      new InvokeCommand({ FunctionName: "cjs", Payload: Buffer.from('{"n":"x"}') }),
    );
    expect(err.FunctionError).toBeUndefined(); // NaN * 2 → null in JSON: not an error
  });

  test("reports a thrown error as Unhandled with errorType and errorMessage", async () => {
    h.add({
      name: "thrower",
      runtime: "nodejs20.x",
      files: { "index.js": `exports.handler = async () => { throw new TypeError("bad input"); };` },
    });
    const r = await h.lambda.send(new InvokeCommand({ FunctionName: "thrower" }));
    expect(r.FunctionError).toBe("Unhandled");
    expect(parse(r.Payload)).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
  });

  test("passes ric's HandlerNotFound and ImportModuleError through", async () => {
    h.add({
      name: "nohandler",
      runtime: "nodejs20.x",
      handler: "index.missing",
      files: { "index.js": "exports.other = () => 1;" },
    });
    h.add({
      name: "nomodule",
      runtime: "nodejs20.x",
      handler: "nothere.handler",
      files: { "index.js": "" },
    });
    const a = await h.lambda.send(new InvokeCommand({ FunctionName: "nohandler" }));
    expect(a.FunctionError).toBe("Unhandled");
    expect(parse(a.Payload).errorType).toBe("Runtime.HandlerNotFound");
    const b = await h.lambda.send(new InvokeCommand({ FunctionName: "nomodule" }));
    expect(parse(b.Payload).errorType).toBe("Runtime.ImportModuleError");
  });
});

describe("python runtimes (our stdlib bootstrap)", () => {
  test("runs a handler in a dotted module path with the context object and print() logs", async () => {
    h.add({
      name: "py",
      runtime: "python3.12",
      handler: "pkg.app.handler",
      files: {
        "pkg/__init__.py": "",
        "pkg/app.py": [
          "def handler(event, context):",
          "    print('python says', event['x'])",
          "    return {'fn': context.function_name, 'ver': context.function_version, 'mem': context.memory_limit_in_mb,",
          "            'arn': context.invoked_function_arn, 'id': context.aws_request_id, 'group': context.log_group_name,",
          "            'left': context.get_remaining_time_in_millis(), 'custom': context.client_context.custom if context.client_context else None}",
        ].join("\n"),
      },
    });
    const cc = Buffer.from(JSON.stringify({ custom: { a: 1 } })).toString("base64");
    const r = await h.lambda.send(
      new InvokeCommand({
        FunctionName: "py",
        Payload: Buffer.from('{"x":7}'),
        LogType: "Tail",
        ClientContext: cc,
      }),
    );
    expect(r.FunctionError).toBeUndefined();
    expect(parse(r.Payload)).toMatchObject({
      fn: "py",
      ver: "$LATEST",
      mem: 128,
      group: "/aws/lambda/py",
      custom: { a: 1 },
    });
    expect(parse(r.Payload).left as number).toBeGreaterThan(2000);
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString("utf8");
    expect(tail).toContain("python says 7");
    // A Python 3.12 of the machine's (PATH, pyenv, uv) or the host's python3: the log says which.
    expect(tail).toMatch(
      /\[lambda-console\] python3\.12 (runs on Python 3\.12\.\d+ \(|requested; running on the host's Python)/,
    );
  });

  test("reports errors as Lambda's Python runtime does", async () => {
    h.add({
      name: "pyerr",
      runtime: "python3.11",
      handler: "app.handler",
      files: { "app.py": "def handler(e, c):\n    raise ValueError('nope')\n" },
    });
    const r = await h.lambda.send(new InvokeCommand({ FunctionName: "pyerr" }));
    expect(r.FunctionError).toBe("Unhandled");
    const doc = parse(r.Payload);
    expect(doc).toMatchObject({ errorMessage: "nope", errorType: "ValueError" });
    expect(doc.requestId).toBe(r.$metadata.requestId);
    expect(Array.isArray(doc.stackTrace)).toBe(true);
    expect((doc.stackTrace as string[]).join("")).toContain('app.py", line 2, in handler');
  });

  test("reports init errors through /init/error", async () => {
    h.add({
      name: "pyimp",
      runtime: "python3.13",
      handler: "missing.handler",
      files: { "app.py": "" },
    });
    h.add({
      name: "pyhnf",
      runtime: "python3.13",
      handler: "app.nothere",
      files: { "app.py": "x = 1\n" },
    });
    const a = await h.lambda.send(new InvokeCommand({ FunctionName: "pyimp" }));
    expect(a.FunctionError).toBe("Unhandled");
    expect(parse(a.Payload)).toMatchObject({
      errorType: "Runtime.ImportModuleError",
      errorMessage: "Unable to import module 'missing': No module named 'missing'",
    });
    const b = await h.lambda.send(new InvokeCommand({ FunctionName: "pyhnf" }));
    expect(parse(b.Payload)).toMatchObject({
      errorType: "Runtime.HandlerNotFound",
      errorMessage: "Handler 'nothere' missing on module 'app'",
    });
  });
});

describe("provided.al2023", () => {
  test("runs the package's bootstrap, which speaks the Runtime API itself", async () => {
    const bootstrap = `#!/bin/sh
set -e
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/next")
  ID=$(grep -i lambda-runtime-aws-request-id "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
  echo "shell got $EVENT"
  curl -sS -X POST "$API/$ID/response" -d "{\\"echo\\":$EVENT,\\"handler\\":\\"$_HANDLER\\"}" > /dev/null
done
`;
    h.add({
      name: "shell",
      runtime: "provided.al2023",
      handler: "function.handler",
      files: { bootstrap },
    });
    const r = await h.lambda.send(
      new InvokeCommand({
        FunctionName: "shell",
        Payload: Buffer.from('{"a":[1,2]}'),
        LogType: "Tail",
      }),
    );
    expect(r.FunctionError).toBeUndefined();
    expect(parse(r.Payload)).toEqual({ echo: { a: [1, 2] }, handler: "function.handler" });
    expect(Buffer.from(r.LogResult ?? "", "base64").toString()).toContain('shell got {"a":[1,2]}');
  });
});
