import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionExists,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import {
  ARN,
  createInput as base,
  failure,
  makeZip,
  NODE_HANDLER,
  type TestEngine,
} from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;

const test = engineTest("lambda-upd-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
});

describe("updates, state and revisions", () => {
  test("UpdateFunctionCode and Configuration go InProgress → Successful; the SDK waiters work", async () => {
    await t.lambda.send(new CreateFunctionCommand(base("upd")));
    await waitUntilFunctionExists({ client: t.lambda, maxWaitTime: 10 }, { FunctionName: "upd" });
    await waitUntilFunctionActiveV2({ client: t.lambda, maxWaitTime: 10 }, { FunctionName: "upd" });

    const zip = makeZip({ "index.mjs": "export const handler = async () => 2;\n" });
    const u = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "upd", ZipFile: zip }),
    );
    expect(u.LastUpdateStatus).toBe("InProgress");
    expect(u.CodeSize).toBe(zip.length);
    const w = await waitUntilFunctionUpdatedV2(
      { client: t.lambda, maxWaitTime: 10 },
      { FunctionName: "upd" },
    );
    expect(w.state).toBe("SUCCESS");
    const after = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "upd" }));
    expect(after.LastUpdateStatus).toBe("Successful");
    expect(after.CodeSha256).toBe(u.CodeSha256);

    const c = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "upd",
        MemorySize: 512,
        Environment: { Variables: { AB: "1" } },
      }),
    );
    expect(c).toMatchObject({
      MemorySize: 512,
      LastUpdateStatus: "InProgress",
      Environment: { Variables: { AB: "1" } },
    });
    const done = await settled(t.lambda, "upd");
    expect(done).toMatchObject({ MemorySize: 512, LastUpdateStatus: "Successful" });
  }, 30_000);

  test("RevisionId preconditions answer 412", async () => {
    const cur = await settled(t.lambda, "upd");
    const e = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: "upd",
          Timeout: 7,
          RevisionId: "00000000-0000-0000-0000-000000000000",
        }),
      ),
    );
    expect(e).toEqual({
      name: "PreconditionFailedException",
      status: 412,
      message:
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    });
    const e2 = await failure(
      t.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: "upd",
          ZipFile: NODE_HANDLER,
          RevisionId: "stale",
        }),
      ),
    );
    expect(e2.name).toBe("PreconditionFailedException");
    const ok = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "upd",
        Timeout: 7,
        RevisionId: cur.RevisionId,
      }),
    );
    expect(ok.Timeout).toBe(7);
    expect(ok.RevisionId).not.toBe(cur.RevisionId);
    await settled(t.lambda, "upd");
  });

  test("a write while Pending or InProgress answers 409 (a big package takes a moment to unpack)", async () => {
    const { zipSync } = await import("fflate");
    const big = zipSync(
      {
        "index.mjs": Buffer.from("export const handler = async () => 1;\n"),
        "pad.bin": new Uint8Array(80_000_000),
      },
      { level: 1 },
    );
    const created = await t.lambda.send(
      new CreateFunctionCommand(base("pending", { Code: { ZipFile: big } })),
    );
    expect(created.State).toBe("Pending");
    const e = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "pending", Timeout: 5 }),
      ),
    );
    expect(e).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message:
        "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    });
    const inv = await failure(t.lambda.send(new InvokeCommand({ FunctionName: "pending" })));
    expect(inv).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message:
        "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    });
    await settled(t.lambda, "pending");
    const big2 = zipSync(
      {
        "index.mjs": Buffer.from("export const handler = async () => 2;\n"),
        "pad.bin": new Uint8Array(80_000_001),
      },
      { level: 1 },
    );
    const u = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "pending", ZipFile: big2 }),
    );
    expect(u.LastUpdateStatus).toBe("InProgress");
    const e2 = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "pending", Timeout: 5 }),
      ),
    );
    expect(e2).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${ARN("pending")}`,
    });
    expect((await settled(t.lambda, "pending")).LastUpdateStatus).toBe("Successful");
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "pending" }));
    expect(Buffer.from(r.Payload ?? new Uint8Array()).toString()).toBe("2");
  }, 30_000);
});
