import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  UpdateFunctionCodeCommand,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { makeZip, ROLE, settled, startTestEngine, type TestEngine } from "@/test/support/lambda";

let t: TestEngine;
const parse = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;

beforeAll(async () => {
  t = await startTestEngine("e2e-exec-");
});
afterAll(async () => {
  await t?.close();
});

async function create(
  name: string,
  runtime: Runtime,
  handler: string,
  files: Record<string, string>,
) {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime,
      Handler: handler,
      Role: ROLE,
      Code: { ZipFile: makeZip(files) },
    }),
  );
  await settled(t.lambda, name);
}

describe("CreateFunction → Invoke through the engine's own API", () => {
  it("runs node and python functions created through the SDK", async () => {
    await create("e2e-node", "nodejs20.x", "index.handler", {
      "index.mjs": "export const handler = async (e) => ({ twice: e.n * 2 });",
    });
    await create("e2e-py", "python3.12", "app.handler", {
      "app.py": "def handler(e, c):\n    return {'name': c.function_name, 'n': e['n'] + 1}\n",
    });
    const a = await t.lambda.send(
      new InvokeCommand({ FunctionName: "e2e-node", Payload: Buffer.from('{"n":4}') }),
    );
    expect(parse(a.Payload)).toEqual({ twice: 8 });
    const b = await t.lambda.send(
      new InvokeCommand({ FunctionName: "e2e-py", Payload: Buffer.from('{"n":4}') }),
    );
    expect(parse(b.Payload)).toEqual({ name: "e2e-py", n: 5 });
  });

  it("a function invokes another through the AWS SDK with its session credentials", async () => {
    await create("e2e-caller", "nodejs20.x", "index.handler", {
      "index.js": `const { LambdaClient, InvokeCommand } = require("@aws-sdk/client-lambda");
        const client = new LambdaClient({});
        exports.handler = async (e) => {
          const r = await client.send(new InvokeCommand({ FunctionName: "e2e-node", Payload: JSON.stringify({ n: e.n }) }));
          return { fromCallee: JSON.parse(Buffer.from(r.Payload).toString()), keyKind: process.env.AWS_ACCESS_KEY_ID.slice(0, 4) };
        };`,
    });
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "e2e-caller", Payload: Buffer.from('{"n":21}') }),
    );
    expect(r.FunctionError, Buffer.from(r.Payload ?? new Uint8Array()).toString()).toBeUndefined();
    expect(parse(r.Payload)).toEqual({ fromCallee: { twice: 42 }, keyKind: "ASIA" });
  });

  it("after UpdateFunctionCode the next invoke runs the new code", async () => {
    await t.lambda.send(
      new InvokeCommand({ FunctionName: "e2e-node", Payload: Buffer.from('{"n":1}') }),
    );
    await t.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: "e2e-node",
        ZipFile: makeZip({
          "index.mjs": "export const handler = async (e) => ({ thrice: e.n * 3 });",
        }),
      }),
    );
    await settled(t.lambda, "e2e-node");
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "e2e-node", Payload: Buffer.from('{"n":2}') }),
    );
    expect(parse(r.Payload)).toEqual({ thrice: 6 });
  });
});
