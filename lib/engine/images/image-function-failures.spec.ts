import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect } from "vitest";
import type { TestEngine } from "@/test/support/lambda";
import { imageEngineTest } from "@/test/support/fixtures";
import { imageCalls } from "@/test/support/images/image-engine";

const test = imageEngineTest("image-failures-");
let t: TestEngine;
let lambda: LambdaClient;
let host = "";
const { create, settled, invoke } = imageCalls(() => t);

test.beforeAll(({ images }) => {
  ({ t, host } = images);
  lambda = t.lambda;
});

describe("image functions that fail: limits, entrypoints, bad images", () => {
  test("enforces the timeout and the memory limit as for zip functions", async () => {
    await create("bb-limits", `${host}/fn/busybox:v1`, { Timeout: 1, MemorySize: 128 });
    await settled("bb-limits");
    const slow = await invoke("bb-limits", { sleep: true });
    expect(slow.functionError).toBe("Unhandled");
    expect(slow.body).toMatchObject({
      errorType: "Sandbox.Timedout",
      errorMessage: expect.stringMatching(/Task timed out after 1\.\d\d seconds$/),
    });
    expect((await invoke("bb-limits", "next")).body).toMatchObject({
      message: "v1",
      event: "next",
    });
    // Filling a shell variable is slow (~2 s to pass 128 MB): the memory check gets its own timeout.
    await create("bb-memory", `${host}/fn/busybox:v1`, { Timeout: 20, MemorySize: 128 });
    await settled("bb-memory");
    const hog = await invoke("bb-memory", { allocate: true });
    expect(hog.functionError).toBe("Unhandled");
    expect(hog.body).toMatchObject({ errorType: "Runtime.OutOfMemory" });
    expect(hog.log).toContain("Error Type: Runtime.OutOfMemory");
    expect((await invoke("bb-memory", "again")).body).toMatchObject({
      message: "v1",
      event: "again",
    });
  });

  test("an entrypoint missing from the image fails the invoke with Runtime.InvalidEntrypoint", async () => {
    await create("bb-entry", `${host}/fn/busybox:v1`, { ImageConfig: { EntryPoint: ["/nope"] } });
    expect((await settled("bb-entry")).Configuration?.State).toBe("Active");
    const r = await invoke("bb-entry", 0);
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toEqual({
      errorType: "Runtime.InvalidEntrypoint",
      errorMessage: "The entrypoint /nope does not exist in the image.",
    });
    expect(r.log).toContain(
      "Runtime.InvalidEntrypoint: The entrypoint /nope does not exist in the image.",
    );
  });

  test.each([
    ["unknown tag", "ImageDeleted", "does not exist", () => `${host}/fn/busybox:nope`],
    [
      "unreachable registry",
      "ImageAccessDenied",
      "cannot be reached",
      () => "127.0.0.1:1/fn/busybox:v1",
    ],
    [
      "layer escaping the root",
      "InvalidImage",
      "escapes the image root",
      () => `${host}/fn/escape:v1`,
    ],
  ])(
    "a bad image (%s) leaves the function Failed with StateReasonCode %s",
    async (_what, code, reason, uri) => {
      const name = `bad-${code}`;
      await create(name, uri());
      const got = await settled(name);
      expect(got.Configuration).toMatchObject({
        State: "Failed",
        StateReasonCode: code,
        LastUpdateStatus: "Failed",
        LastUpdateStatusReasonCode: code,
      });
      expect(got.Configuration?.StateReason).toContain(reason);
      await expect(lambda.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({
        name: "ResourceConflictException",
      });
    },
  );
});
