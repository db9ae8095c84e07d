import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TooManyRequestsException,
} from "@aws-sdk/client-lambda";
import { ARN, createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;

const SLOW = makeZip({
  "index.mjs":
    "export const handler = async () => { const start = Date.now(); await new Promise((r) => setTimeout(r, 1500)); return { start, end: Date.now() }; };\n",
});

const test = engineTest("concurrency-spec-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(new CreateFunctionCommand(createInput("fn")));
  await t.lambda.send(
    new CreateFunctionCommand(createInput("slow", { Code: { ZipFile: SLOW }, Timeout: 10 })),
  );
  await settled(t.lambda, "fn");
  await settled(t.lambda, "slow");
});

describe("reserved concurrency", () => {
  test("Put/Get/Delete, shown by GetFunction and taken from the unreserved pool", async () => {
    expect(
      await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: "fn" })),
    ).not.toHaveProperty("ReservedConcurrentExecutions");
    const put = await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: "fn", ReservedConcurrentExecutions: 250 }),
    );
    expect(put.ReservedConcurrentExecutions).toBe(250);
    expect(
      (await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: ARN("fn") })))
        .ReservedConcurrentExecutions,
    ).toBe(250);
    expect(
      (await t.lambda.send(new GetFunctionCommand({ FunctionName: "fn" }))).Concurrency,
    ).toEqual({ ReservedConcurrentExecutions: 250 });
    const s = await t.lambda.send(new GetAccountSettingsCommand({}));
    expect(s.AccountLimit).toMatchObject({
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 750,
    });
    expect(s.AccountUsage?.FunctionCount).toBe(2);
    await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "fn" }));
    expect(
      (await t.lambda.send(new GetFunctionCommand({ FunctionName: "fn" }))).Concurrency,
    ).toBeUndefined();
    expect(
      (await t.lambda.send(new GetAccountSettingsCommand({}))).AccountLimit
        ?.UnreservedConcurrentExecutions,
    ).toBe(1000);
  });

  test("keeps 100 unreserved, refuses versions and aliases, and 404s unknown functions", async () => {
    expect(
      await failure(
        t.lambda.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: "fn",
            ReservedConcurrentExecutions: 901,
          }),
        ),
      ),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message:
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    });
    expect(
      (
        await t.lambda.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: "fn",
            ReservedConcurrentExecutions: 900,
          }),
        )
      ).ReservedConcurrentExecutions,
    ).toBe(900);
    expect(
      (
        await failure(
          t.lambda.send(
            new PutFunctionConcurrencyCommand({
              FunctionName: "slow",
              ReservedConcurrentExecutions: 1,
            }),
          ),
        )
      ).name,
    ).toBe("InvalidParameterValueException");
    await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "fn" }));
    await t.lambda.send(new PublishVersionCommand({ FunctionName: "fn" }));
    expect(
      await failure(
        t.lambda.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: `${ARN("fn")}:1`,
            ReservedConcurrentExecutions: 5,
          }),
        ),
      ),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message:
        "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.",
    });
    expect(
      (await failure(t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: "nope" }))))
        .name,
    ).toBe("ResourceNotFoundException");
    expect(
      (
        await failure(
          t.lambda.send(
            new PutFunctionConcurrencyCommand({
              FunctionName: "fn",
              ReservedConcurrentExecutions: -1,
            }),
          ),
        )
      ).name,
    ).toBe("ValidationException");
  });

  test("0 throttles every invoke with Reason and Retry-After", async () => {
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: "fn", ReservedConcurrentExecutions: 0 }),
    );
    const err = await t.lambda
      .send(new InvokeCommand({ FunctionName: "fn" }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsException);
    const e = err as TooManyRequestsException;
    expect(e.message).toBe("Rate Exceeded.");
    expect(e.Reason).toBe("ReservedFunctionConcurrentInvocationLimitExceeded");
    expect(e.retryAfterSeconds).toBe("1");
    expect(e.$metadata.httpStatusCode).toBe(429);
    await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "fn" }));
    expect((await t.lambda.send(new InvokeCommand({ FunctionName: "fn" }))).StatusCode).toBe(200);
  });

  test("with N = 3 and M = 8 concurrent invokes of a slow function, exactly 5 are throttled and never more than 3 run at once", async () => {
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: "slow", ReservedConcurrentExecutions: 3 }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => t.lambda.send(new InvokeCommand({ FunctionName: "slow" }))),
    );
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const throttled = results.flatMap((r) =>
      r.status === "rejected" ? [r.reason as TooManyRequestsException] : [],
    );
    expect(throttled).toHaveLength(5);
    for (const e of throttled)
      expect(e.Reason).toBe("ReservedFunctionConcurrentInvocationLimitExceeded");
    expect(ok).toHaveLength(3);
    const spans = ok.map(
      (r) =>
        JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as {
          start: number;
          end: number;
        },
    );
    const points = spans
      .flatMap((s) => [[s.start, 1] as const, [s.end, -1] as const])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let peak = 0;
    for (const [, d] of points) peak = Math.max(peak, (running += d));
    expect(peak).toBeLessThanOrEqual(3);
    // Once they finish, the slots are free again.
    expect((await t.lambda.send(new InvokeCommand({ FunctionName: "slow" }))).StatusCode).toBe(200);
  });
});
