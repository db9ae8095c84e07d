import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { createInput, failure, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import {
  CURRENT_RUNTIMES,
  DEPRECATED_RUNTIMES,
  ENGINE_RUNTIMES,
  RUNTIME_ENUM,
} from "../../lambda-rules/runtimes";

// Issue 21: AWS accepts every current runtime of its enum; the engine accepts them too, and a
// function on one it cannot run is Failed (InvalidRuntime) instead of being refused.
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine("rt-accept-");
});
afterAll(async () => {
  await t?.close();
});

const DEPRECATED = (rt: string) =>
  `The runtime parameter of ${rt} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`;

describe("runtimes as AWS accepts them", () => {
  it("the enum is split into 25 current and the deprecated rest", () => {
    expect(CURRENT_RUNTIMES).toHaveLength(25);
    expect([...CURRENT_RUNTIMES, ...DEPRECATED_RUNTIMES].sort()).toEqual([...RUNTIME_ENUM].sort());
  });

  it("creates a function on every current runtime; those the engine cannot run are Failed", async () => {
    for (const rt of CURRENT_RUNTIMES) {
      const name = `acc-${rt.replace(/\W/g, "")}`;
      const c = await t.lambda.send(
        new CreateFunctionCommand(createInput(name, { Runtime: rt as Runtime })),
      );
      expect(c.Runtime).toBe(rt);
      expect(c.State).toBe("Pending");
    }
    for (const rt of CURRENT_RUNTIMES) {
      const c = await settled(t.lambda, `acc-${rt.replace(/\W/g, "")}`);
      if (ENGINE_RUNTIMES.includes(rt)) {
        expect({ rt, state: c.State }).toEqual({ rt, state: "Active" });
      } else {
        expect({ rt, state: c.State, code: c.StateReasonCode }).toEqual({
          rt,
          state: "Failed",
          code: "InvalidRuntime",
        });
        expect(c.StateReason).toContain(`The runtime ${rt} is not available on this local engine`);
        expect(c.LastUpdateStatus).toBe("Failed");
        expect(c.LastUpdateStatusReasonCode).toBe("InvalidRuntime");
      }
    }
  });

  it("invoking a Failed function answers 409 with the state, as AWS does", async () => {
    await settled(t.lambda, "acc-java21");
    const e = await failure(
      t.lambda.send(new InvokeCommand({ FunctionName: "acc-java21", Payload: Buffer.from("{}") })),
    );
    expect(e).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message:
        "The operation cannot be performed at this time. The function is currently in the following state: Failed",
    });
  });

  it("an update to a runtime the engine runs makes a Failed function Active", async () => {
    await t.lambda.send(new CreateFunctionCommand(createInput("fix-me", { Runtime: "ruby3.4" })));
    expect((await settled(t.lambda, "fix-me")).State).toBe("Failed");
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "fix-me", Runtime: "nodejs20.x" }),
    );
    const c = await settled(t.lambda, "fix-me");
    expect(c).toMatchObject({ State: "Active", LastUpdateStatus: "Successful" });
    expect(c.StateReason).toBeUndefined();
    expect(c.StateReasonCode).toBeUndefined();
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "fix-me", Payload: Buffer.from("{}") }),
    );
    expect(r.FunctionError).toBeUndefined();
  });

  it("refuses every deprecated runtime on create and on update with AWS's message", async () => {
    for (const rt of DEPRECATED_RUNTIMES) {
      expect(
        await failure(
          t.lambda.send(new CreateFunctionCommand(createInput("dep", { Runtime: rt as Runtime }))),
        ),
      ).toEqual({ name: "InvalidParameterValueException", status: 400, message: DEPRECATED(rt) });
    }
    await t.lambda.send(new CreateFunctionCommand(createInput("dep-upd")));
    await settled(t.lambda, "dep-upd");
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: "dep-upd", Runtime: "python3.9" }),
        ),
      ),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: DEPRECATED("python3.9"),
    });
  });

  it("a runtime outside the enum gets the enum error listing the model's values", async () => {
    const e = await failure(
      t.lambda.send(new CreateFunctionCommand(createInput("cobol", { Runtime: "cobol" as never }))),
    );
    expect(e.name).toBe("InvalidParameterValueException");
    expect(e.message).toBe(
      `Value cobol at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIME_ENUM.join(", ")}] or be a valid ARN`,
    );
  });

  it("switching a running function to a runtime the engine cannot run fails the update and keeps the old one", async () => {
    await t.lambda.send(new CreateFunctionCommand(createInput("switch")));
    await settled(t.lambda, "switch");
    const u = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "switch", Runtime: "dotnet8" }),
    );
    expect(u.LastUpdateStatus).toBe("InProgress");
    const c = await settled(t.lambda, "switch");
    expect(c).toMatchObject({
      State: "Active",
      Runtime: "nodejs20.x",
      LastUpdateStatus: "Failed",
      LastUpdateStatusReasonCode: "InvalidRuntime",
    });
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "switch", Payload: Buffer.from('{"a":1}') }),
    );
    expect(JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString())).toEqual({
      ok: true,
      e: { a: 1 },
    });
    const again = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "switch" }),
    );
    expect(again.Runtime).toBe("nodejs20.x");
  });
});
