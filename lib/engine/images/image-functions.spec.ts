import {
  GetFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { describe, expect } from "vitest";
import type { TestEngine } from "@/test/support/lambda";
import { imageEngineTest } from "@/test/support/fixtures";
import { imageCalls } from "@/test/support/images/image-engine";

const test = imageEngineTest("image-functions-");
let t: TestEngine;
let lambda: LambdaClient;
let host = "";
let digests: Record<string, string> = {};
const { create, settled, invoke } = imageCalls(() => t);

test.beforeAll(({ images }) => {
  ({ t, host, digests } = images);
  lambda = t.lambda;
});

describe("functions from container images, through the Lambda SDK", () => {
  test("creates an image function: Pending, then Active with the resolved digest; invokes the busybox runtime", async () => {
    const created = await create("bb", `${host}/fn/busybox:v1`);
    expect(created).toMatchObject({
      PackageType: "Image",
      State: "Pending",
      StateReasonCode: "Creating",
    });
    expect(created.Runtime).toBeUndefined();
    const got = await settled("bb");
    expect(got.Configuration).toMatchObject({
      State: "Active",
      PackageType: "Image",
      LastUpdateStatus: "Successful",
      CodeSha256: digests.v1?.slice(7),
    });
    expect(got.Code).toEqual({
      RepositoryType: "ECR",
      ImageUri: `${host}/fn/busybox:v1`,
      ResolvedImageUri: `${host}/fn/busybox@${digests.v1}`,
    });

    const r = await invoke("bb", { hello: "image" });
    expect(r).toMatchObject({ status: 200, functionError: undefined });
    expect(r.body).toEqual({
      message: "v1",
      handler: "function.handler",
      cwd: "/var/task",
      event: { hello: "image" },
    });
    expect(r.log).toContain("bootstrap up: handler=function.handler");
    expect(r.log).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms/);
  });

  test("reports the image's function errors as Unhandled", async () => {
    const r = await invoke("bb", { please: "fail" });
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toEqual({ errorMessage: "asked to fail", errorType: "TestError" });
  });

  test("deploys a new tag and rolls back to the old URI", async () => {
    const upd = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "bb", ImageUri: `${host}/fn/busybox:v2` }),
    );
    expect(upd.LastUpdateStatus).toBe("InProgress");
    let got = await settled("bb");
    expect(got.Code?.ResolvedImageUri).toBe(`${host}/fn/busybox@${digests.v2}`);
    expect((await invoke("bb", 1)).body).toMatchObject({ message: "v2" });

    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "bb", ImageUri: `${host}/fn/busybox:v1` }),
    );
    got = await settled("bb");
    expect(got.Configuration).toMatchObject({
      LastUpdateStatus: "Successful",
      CodeSha256: digests.v1?.slice(7),
    });
    expect(got.Code?.ImageUri).toBe(`${host}/fn/busybox:v1`);
    expect((await invoke("bb", 2)).body).toMatchObject({ message: "v1", event: 2 });
  });

  test("a failed update keeps the previous image running, as AWS aborts it", async () => {
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "bb", ImageUri: `${host}/fn/busybox:nope` }),
    );
    const got = await settled("bb");
    expect(got.Configuration).toMatchObject({
      State: "Active",
      LastUpdateStatus: "Failed",
      LastUpdateStatusReasonCode: "ImageDeleted",
      CodeSha256: digests.v1?.slice(7),
    });
    expect(got.Code?.ImageUri).toBe(`${host}/fn/busybox:v1`);
    expect((await invoke("bb", 3)).body).toMatchObject({ message: "v1", event: 3 });
  });

  test("publishes a version that keeps its image while $LATEST moves on", async () => {
    const v = await lambda.send(new PublishVersionCommand({ FunctionName: "bb" }));
    expect(v).toMatchObject({
      Version: "1",
      PackageType: "Image",
      CodeSha256: digests.v1?.slice(7),
    });
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "bb", ImageUri: `${host}/fn/busybox:v2` }),
    );
    await settled("bb");
    expect((await invoke("bb", 0)).body).toMatchObject({ message: "v2" });
    expect((await invoke("bb:1", 0)).body).toMatchObject({ message: "v1" });
    const one = await lambda.send(new GetFunctionCommand({ FunctionName: "bb", Qualifier: "1" }));
    expect(one.Code).toMatchObject({
      ImageUri: `${host}/fn/busybox:v1`,
      ResolvedImageUri: `${host}/fn/busybox@${digests.v1}`,
    });
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "bb", ImageUri: `${host}/fn/busybox:v1` }),
    );
    await settled("bb");
  });

  test("applies ImageConfig at create and through UpdateFunctionConfiguration", async () => {
    await create("bb-config", `${host}/fn/busybox:v1`, {
      ImageConfig: { Command: ["custom.handler"], WorkingDirectory: "/tmp" },
    });
    const got = await settled("bb-config");
    expect(got.Configuration?.ImageConfigResponse).toEqual({
      ImageConfig: { Command: ["custom.handler"], WorkingDirectory: "/tmp" },
    });
    expect((await invoke("bb-config", 0)).body).toMatchObject({
      handler: "custom.handler",
      cwd: "/tmp",
    });
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "bb-config",
        ImageConfig: { Command: ["again.handler"] },
      }),
    );
    await settled("bb-config");
    expect((await invoke("bb-config", 0)).body).toMatchObject({
      handler: "again.handler",
      cwd: "/var/task",
    });
  });

  test("runs the node + aws-lambda-ric image, and an ECR URI maps to the local registry", async () => {
    await create("node-img", "000000000000.dkr.ecr.us-east-1.amazonaws.com/fn/node:v1", {
      MemorySize: 256,
      Environment: { Variables: { GREETING: "hi" } },
    });
    const got = await settled("node-img");
    expect(got.Configuration?.State).toBe("Active");
    expect(got.Code?.ResolvedImageUri).toBe(
      `000000000000.dkr.ecr.us-east-1.amazonaws.com/fn/node@${digests.node}`,
    );
    const r = await invoke("node-img", { n: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      message: "from node",
      event: { n: 1 },
      node: process.version,
      cwd: "/var/task",
    });
    expect(r.log).toMatch(/REPORT RequestId: .*Memory Size: 256 MB/);
  });

  test("refuses Zip inputs on image functions and Image inputs with a runtime", async () => {
    await expect(
      lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: "bb", ZipFile: new Uint8Array([1]) }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining("ImageUri"),
    });
    await expect(
      create("img-runtime", `${host}/fn/busybox:v1`, {
        Runtime: "nodejs20.x",
        Handler: "index.handler",
      }),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
    await expect(create("img-bad-uri", "not-an-image-uri")).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
  });
});
