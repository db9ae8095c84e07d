import fs from "node:fs";
import path from "node:path";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { describe, expect, vi } from "vitest";
import { ROLE, type TestEngine } from "@/test/support/lambda";
import { imageEngineTest } from "@/test/support/fixtures";
import { imageCalls } from "@/test/support/images/image-engine";

const test = imageEngineTest("image-restarts-");
let t: TestEngine;
let lambda: LambdaClient;
let host = "";
let digests: Record<string, string> = {};
const { create, settled, invoke } = imageCalls(() => t);

test.beforeAll(({ images }) => {
  ({ t, host, digests } = images);
  lambda = t.lambda;
});

test.beforeAll(async () => {
  await create("bb", `${host}/fn/busybox:v1`);
  await create("node-img", `${host}/fn/node:v1`, { MemorySize: 256 });
  for (const name of ["bb", "node-img"])
    expect((await settled(name)).Configuration?.State, name).toBe("Active");
});

describe("image functions across engine restarts", () => {
  test("keeps running image functions after an engine restart, from the image cache", async () => {
    await t.restart();
    lambda = t.lambda;
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "bb" }));
    expect(got.Configuration?.State).toBe("Active");
    expect((await invoke("bb", "after restart")).body).toMatchObject({
      message: "v1",
      event: "after restart",
    });
  });

  test("pulls an Active function's image again at start when it left the cache", async () => {
    const rootfs = path.join(t.dataDir, "images", "rootfs", digests.node?.slice(7) ?? "");
    await t.restart(() => fs.rmSync(rootfs, { recursive: true, force: true }));
    lambda = t.lambda;
    const r = await vi.waitFor(() => invoke("node-img", "back"), {
      timeout: 30_000,
      interval: 200,
    });
    expect(r.body).toMatchObject({ message: "from node", event: "back" });
    expect(fs.existsSync(path.join(rootfs, "rootfs", "usr", "local", "bin", "node"))).toBe(true);
  });
});

describe("an engine without docker-registry", () => {
  test("still starts, and ECR image functions fail with a StateReason saying why", async ({
    startEngine,
  }) => {
    const bare = await startEngine({ LAMBDA_REGISTRY_PORT: "0", PATH: "/nonexistent" });
    const client = bare.lambda;
    {
      await client.send(
        new CreateFunctionCommand({
          FunctionName: "ecr",
          Role: ROLE,
          PackageType: "Image",
          Code: { ImageUri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/fn/busybox:v1" },
        }),
      );
      const c = await vi.waitFor(
        async () => {
          const { Configuration: c = {} } = await client.send(
            new GetFunctionCommand({ FunctionName: "ecr" }),
          );
          if (c.State !== "Failed" && c.State !== "Active") throw new Error(`still ${c.State}`);
          return c;
        },
        { timeout: 10_000, interval: 50 },
      );
      expect(c).toMatchObject({ State: "Failed", StateReasonCode: "ImageAccessDenied" });
      expect(c.StateReason).toContain("docker-registry is not installed");
    }
  });
});
