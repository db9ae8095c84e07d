import { describe, expect } from "vitest";
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  type LambdaClient,
  type InvokeWithResponseStreamResponseEvent,
} from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { engineTest, harnessTest } from "@/test/support/fixtures";
import { makeZip } from "@/test/support/lambda";

// Issue 18: once an environment has served 100 invokes, aws-lambda-ric's Runtime API client is
// runtime-api-client.cjs instead of its native one (ric-bundle.ts). The function must see nothing
// change: each check below runs on an invoke served by the native client and on one served after
// the switch, in the same environment, and compares.
let h: InvokeHarness;
const test = harnessTest("ric-client-");
test.beforeAll(({ harness }) => {
  h = harness;
});

const HOT_AFTER = 100;
const text = (p: Uint8Array | undefined) => Buffer.from(p ?? new Uint8Array()).toString("utf8");

// What the handler reports: the invoke as it arrived, and which client served it.
const VIEW = `
const { createRequire } = require("node:module");
exports.handler = async (event, context) => {
  if (event.throw) throw new TypeError(event.throw);
  if (event.size) return "r".repeat(event.size);
  return {
    wire: Object.keys(createRequire(__filename).cache).includes("/var/runtime/runtime-api-client.cjs"),
    event: event.big ? { bigLength: event.big.length, tail: event.big.slice(-8) } : event,
    requestId: context.awsRequestId,
    arn: context.invokedFunctionArn,
    remaining: context.getRemainingTimeInMillis(),
    clientContext: context.clientContext,
    traced: "xRayTraceId" in context,
  };
};`;

async function invoke(
  name: string,
  payload: unknown,
  more: Partial<{ ClientContext: string }> = {},
) {
  const r = await h.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(payload), ...more }),
  );
  return {
    error: r.FunctionError,
    requestId: r.$metadata.requestId,
    out: JSON.parse(text(r.Payload)) as Record<string, unknown>,
  };
}

/** The same checks on invoke `n` of the environment's life (the first is 1). */
async function checks(name: string) {
  const clientContext = { custom: { note: "naïve ☃ line\nbreak" }, env: { k: "v" } };
  const ctx = await invoke(
    name,
    { text: "héllo ☃ \u0000 end", n: [1, 2] },
    { ClientContext: Buffer.from(JSON.stringify(clientContext)).toString("base64") },
  );
  const big = "b".repeat(5 * 1024 * 1024 - 64) + "the-tail";
  const large = await invoke(name, { big });
  const thrown = await invoke(name, { throw: "bad input" });
  const result = await invoke(name, { size: 5 * 1024 * 1024 });
  const tooLarge = await invoke(name, { size: 7 * 1024 * 1024 });
  const after = await invoke(name, { again: true });
  return { ctx, clientContext, large, thrown, result, tooLarge, after };
}

// Node.js 20 and 22 start through boot.cjs, 24 without it; each switches.
describe.each(["nodejs20.x", "nodejs22.x", "nodejs24.x"])(
  "the Runtime API client of a hot %s environment (issue 18)",
  (runtime) => {
    test("after 100 invokes the runtime client's requests are runtime-api-client.cjs's, and the function sees the same", async () => {
      const name = `view-${runtime.replace(".", "-")}`;
      h.add({
        name,
        runtime,
        memory: 512,
        timeout: 30,
        files: { "index.js": VIEW },
      });
      const served: boolean[] = [];
      const cold = await checks(name);
      const coldCount = 6;
      for (let i = coldCount; i < HOT_AFTER; i++)
        served.push((await invoke(name, { i })).out.wire as boolean);
      const hot = await checks(name);

      // The same environment throughout; the native client served the first 100, the new one the rest.
      expect(served.every((w) => w === false)).toBe(true);
      expect(cold.ctx.out.wire).toBe(false);
      expect(hot.ctx.out.wire).toBe(true);
      expect(hot.after.out.wire).toBe(true);

      for (const run of [cold, hot]) {
        const { ctx, large, thrown, result, tooLarge, after } = run;
        expect(ctx.error).toBeUndefined();
        expect(ctx.out).toMatchObject({
          event: { text: "héllo ☃ \u0000 end", n: [1, 2] },
          requestId: ctx.requestId,
          arn: expect.stringMatching(
            new RegExp(`^arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:${name}$`),
          ),
          traced: false,
        });
        expect(ctx.out.remaining).toBeGreaterThan(25_000);
        expect(ctx.out.remaining).toBeLessThanOrEqual(30_000);
        // A 5 MB event arrives in many reads.
        expect(large.out.event).toEqual({ bigLength: 5 * 1024 * 1024 - 64 + 8, tail: "the-tail" });
        expect(thrown.error).toBe("Unhandled");
        expect(thrown.out).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
        expect((thrown.out.trace as string[])[0]).toBe("TypeError: bad input");
        expect(result.error).toBeUndefined();
        expect((result.out as unknown as string).length).toBe(5 * 1024 * 1024);
        expect(tooLarge.error).toBe("Unhandled");
        expect(tooLarge.out).toMatchObject({ errorType: "Function.ResponseSizeTooLarge" });
        // The environment lives on after each.
        expect(after.error).toBeUndefined();
        expect(after.out.event).toEqual({ again: true });
      }
      // The client context as the function got it from the native client (whatever its shape).
      const same = (o: Record<string, unknown>) => ({ ...o, wire: 0, requestId: 0, remaining: 0 });
      expect(cold.ctx.out.clientContext).toBeTruthy();
      expect(same(hot.ctx.out)).toEqual(same(cold.ctx.out));
      // The trace names the same runtime lines either way.
      const runtimeFrames = (out: Record<string, unknown>) =>
        (out.trace as string[]).filter((l) => l.includes("/var/runtime/"));
      expect(runtimeFrames(hot.thrown.out)).toEqual(runtimeFrames(cold.thrown.out));
    });
  },
);

// A streamed response goes through ric's own node:http request, beside the Runtime API client.
const STREAMING = `
import { createRequire } from "node:module";
const wire = () => Object.keys(createRequire(import.meta.url).cache).includes("/var/runtime/runtime-api-client.cjs");
export const handler = awslambda.streamifyResponse(async (event, stream) => {
  if (event.fail) throw new Error("stream broke");
  stream.setContentType("text/plain");
  for (const w of ["one ", "two ", "three "]) stream.write(w);
  stream.end(String(wire()));
});`;

const engine = engineTest("ric-client-stream-");

async function stream(lambda: LambdaClient, payload: unknown) {
  const r = await lambda.send(
    new InvokeWithResponseStreamCommand({
      FunctionName: "streamer",
      Payload: Buffer.from(JSON.stringify(payload)),
    }),
  );
  let text = "";
  let complete: InvokeWithResponseStreamResponseEvent["InvokeComplete"];
  for await (const e of r.EventStream ?? []) {
    if (e.PayloadChunk?.Payload) text += Buffer.from(e.PayloadChunk.Payload).toString();
    if (e.InvokeComplete) complete = e.InvokeComplete;
  }
  return { text, complete };
}

describe("a streaming function's hot environment (issue 18)", () => {
  engine(
    "streams and fails the same before and after the switch",
    async ({ testEngine, createFunction }) => {
      await createFunction("streamer", {
        Code: { ZipFile: makeZip({ "index.mjs": STREAMING }) },
        Handler: "index.handler",
      });
      const lambda = testEngine.lambda;
      const texts: string[] = [];
      for (let i = 0; i < HOT_AFTER - 1; i++) texts.push((await stream(lambda, {})).text);
      const coldFail = await stream(lambda, { fail: true });
      const hot = await stream(lambda, {});
      const hotFail = await stream(lambda, { fail: true });
      const after = await stream(lambda, {});
      expect(new Set(texts)).toEqual(new Set(["one two three false"]));
      expect(hot).toEqual({ text: "one two three true", complete: {} });
      expect(after.text).toBe("one two three true");
      expect(coldFail.complete?.ErrorCode).toBe("Error");
      expect(hotFail.complete).toEqual(coldFail.complete);
    },
  );
});
