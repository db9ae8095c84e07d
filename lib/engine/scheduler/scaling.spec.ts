import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  TooManyRequestsException,
} from "@aws-sdk/client-lambda";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;
const SLOW = makeZip({
  "index.mjs":
    "export const handler = async (e) => { await new Promise((r) => setTimeout(r, e.sleep ?? 0)); return 1; };\n",
});

const test = engineTest("scaling-spec-", {
  LAMBDA_ENGINE_MAX_ENVIRONMENTS: "2",
  LAMBDA_ENGINE_SCALING_RATE: "1",
});

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  for (const n of ["a", "b", "c"]) {
    await t.lambda.send(
      new CreateFunctionCommand(createInput(n, { Code: { ZipFile: SLOW }, Timeout: 10 })),
    );
    await settled(t.lambda, n);
  }
});

const invoke = (name: string, sleep = 0) =>
  t.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ sleep })) }),
  );

describe("scaling limits", () => {
  test("a second new environment within 10 s waits, then throttles with FunctionInvocationRateLimitExceeded", async () => {
    const [first, second] = await Promise.allSettled([invoke("a", 3000), invoke("a", 0)]);
    expect(first.status).toBe("fulfilled");
    expect(second.status).toBe("rejected");
    const e = (second as PromiseRejectedResult).reason as TooManyRequestsException;
    expect(e.Reason).toBe("FunctionInvocationRateLimitExceeded");
    expect(e.message).toContain("LAMBDA_ENGINE_SCALING_RATE");
    // Warm reuse is never rate limited.
    expect((await invoke("a")).StatusCode).toBe(200);
  });

  test("at the machine cap an idle environment of another function makes room; with none idle the invoke throttles, saying why", async () => {
    // a is warm and idle (1 live); b starts (2 live = cap); c evicts a's idle environment.
    expect((await invoke("b")).StatusCode).toBe(200);
    expect((await invoke("c")).StatusCode).toBe(200);
    const started = Date.now();
    const results = await Promise.allSettled([
      invoke("b", 3000),
      invoke("c", 3000),
      invoke("a", 0),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const e = (results[2] as PromiseRejectedResult).reason as TooManyRequestsException;
    expect(e.$metadata.httpStatusCode).toBe(429);
    expect(e.message).toContain(
      "machine cap of 2 live execution environments (LAMBDA_ENGINE_MAX_ENVIRONMENTS)",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // it waited before giving up
  });
});
