import { describe, expect } from "vitest";
import { InvokeCommand, UpdateFunctionCodeCommand, type Runtime } from "@aws-sdk/client-lambda";
import { makeZip } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

const test = engineTest("e2e-exec-");
const parse = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;

const code = (runtime: Runtime, handler: string, files: Record<string, string>) => ({
  Runtime: runtime,
  Handler: handler,
  Code: { ZipFile: makeZip(files) },
});

describe("CreateFunction → Invoke through the engine's own API", () => {
  test("runs node and python functions created through the SDK", async ({
    lambda,
    createFunction,
  }) => {
    await createFunction(
      "e2e-node",
      code("nodejs20.x", "index.handler", {
        "index.mjs": "export const handler = async (e) => ({ twice: e.n * 2 });",
      }),
    );
    await createFunction(
      "e2e-py",
      code("python3.12", "app.handler", {
        "app.py": "def handler(e, c):\n    return {'name': c.function_name, 'n': e['n'] + 1}\n",
      }),
    );
    const a = await lambda.send(
      new InvokeCommand({ FunctionName: "e2e-node", Payload: Buffer.from('{"n":4}') }),
    );
    expect(parse(a.Payload)).toEqual({ twice: 8 });
    const b = await lambda.send(
      new InvokeCommand({ FunctionName: "e2e-py", Payload: Buffer.from('{"n":4}') }),
    );
    expect(parse(b.Payload)).toEqual({ name: "e2e-py", n: 5 });
  });

  test("a function invokes another through the AWS SDK with its session credentials", async ({
    lambda,
    createFunction,
  }) => {
    await createFunction(
      "e2e-caller",
      code("nodejs20.x", "index.handler", {
        "index.js": `const { LambdaClient, InvokeCommand } = require("@aws-sdk/client-lambda");
        const client = new LambdaClient({});
        exports.handler = async (e) => {
          const r = await client.send(new InvokeCommand({ FunctionName: "e2e-node", Payload: JSON.stringify({ n: e.n }) }));
          return { fromCallee: JSON.parse(Buffer.from(r.Payload).toString()), keyKind: process.env.AWS_ACCESS_KEY_ID.slice(0, 4) };
        };`,
      }),
    );
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: "e2e-caller", Payload: Buffer.from('{"n":21}') }),
    );
    expect(r.FunctionError, Buffer.from(r.Payload ?? new Uint8Array()).toString()).toBeUndefined();
    expect(parse(r.Payload)).toEqual({ fromCallee: { twice: 42 }, keyKind: "ASIA" });
  });

  test("after UpdateFunctionCode the next invoke runs the new code", async ({ lambda }) => {
    await lambda.send(
      new InvokeCommand({ FunctionName: "e2e-node", Payload: Buffer.from('{"n":1}') }),
    );
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: "e2e-node",
        ZipFile: makeZip({
          "index.mjs": "export const handler = async (e) => ({ thrice: e.n * 3 });",
        }),
      }),
    );
    await settled(lambda, "e2e-node");
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: "e2e-node", Payload: Buffer.from('{"n":2}') }),
    );
    expect(parse(r.Payload)).toEqual({ thrice: 6 });
  });
});
