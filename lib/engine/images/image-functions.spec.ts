import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEngine, type RunningEngine } from "../engine";
import {
  buildOciImage,
  busyboxRuntimeImage,
  nodeRicImage,
  pushOciImage,
  withParents,
} from "@/test/support/images/build-test-image";

const ROLE = "arn:aws:iam::123456789012:role/lambda-role";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "image-functions-"));
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "image-build-"));
// A fixed registry port for the whole spec, so stored ImageUris stay valid across the restart.
let env: Record<string, string> = {};
let engine: RunningEngine;
let lambda: LambdaClient;
let host = "";
const digests: Record<string, string> = {};

function clientFor(e: RunningEngine): LambdaClient {
  const { accessKeyId, secretAccessKey } = e.ctx.config;
  return new LambdaClient({
    endpoint: e.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

/** Polls GetFunction until the function has settled (State not Pending, update not InProgress). */
function settled(name: string): Promise<GetFunctionCommandOutput> {
  return vi.waitFor(
    async () => {
      const out = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
      const c: FunctionConfiguration = out.Configuration ?? {};
      if (c.State === "Pending" || c.LastUpdateStatus === "InProgress")
        throw new Error(`${name} did not settle: ${JSON.stringify(c)}`);
      return out;
    },
    { timeout: 60_000, interval: 100 },
  );
}

async function invoke(name: string, payload: unknown) {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: name,
      Payload: Buffer.from(JSON.stringify(payload)),
      LogType: "Tail",
    }),
  );
  return {
    status: out.StatusCode,
    functionError: out.FunctionError,
    body: JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8")) as Record<
      string,
      unknown
    >,
    log: Buffer.from(out.LogResult ?? "", "base64").toString("utf8"),
  };
}

const create = (name: string, imageUri: string, extra: Record<string, unknown> = {}) =>
  lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      PackageType: "Image",
      Code: { ImageUri: imageUri },
      ...extra,
    }),
  );

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

beforeAll(async () => {
  env = {
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dataDir,
    LAMBDA_ENGINE_PORT: "0",
    LAMBDA_REGISTRY_PORT: String(await freePort()),
  };
  engine = await startEngine(env);
  lambda = clientFor(engine);
  const registry = await engine.registry.ready();
  if (!registry) throw new Error("the engine's local registry did not start");
  host = registry.host;
  const { authFile } = registry;
  buildOciImage(buildDir, "bb-v1", busyboxRuntimeImage("v1"));
  digests.v1 = await pushOciImage(buildDir, "bb-v1", `${host}/fn/busybox:v1`, authFile);
  buildOciImage(buildDir, "bb-v2", busyboxRuntimeImage("v2"));
  digests.v2 = await pushOciImage(buildDir, "bb-v2", `${host}/fn/busybox:v2`, authFile);
  buildOciImage(buildDir, "node", nodeRicImage("from node"));
  digests.node = await pushOciImage(buildDir, "node", `${host}/fn/node:v1`, authFile);
  buildOciImage(buildDir, "escape", {
    layers: [
      withParents([{ name: "bin/x", type: "file", data: "x" }]),
      [{ name: "../../etc/evil", type: "file", data: "x" }],
    ],
    entrypoint: ["/bin/x"],
  });
  await pushOciImage(buildDir, "escape", `${host}/fn/escape:v1`, authFile);
});

afterAll(async () => {
  lambda.destroy();
  await engine.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(buildDir, { recursive: true, force: true });
});

describe("functions from container images, through the Lambda SDK", () => {
  it("creates an image function: Pending, then Active with the resolved digest; invokes the busybox runtime", async () => {
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

  it("reports the image's function errors as Unhandled", async () => {
    const r = await invoke("bb", { please: "fail" });
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toEqual({ errorMessage: "asked to fail", errorType: "TestError" });
  });

  it("deploys a new tag and rolls back to the old URI", async () => {
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

  it("a failed update keeps the previous image running, as AWS aborts it", async () => {
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

  it("publishes a version that keeps its image while $LATEST moves on", async () => {
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

  it("applies ImageConfig at create and through UpdateFunctionConfiguration", async () => {
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

  it("runs the node + aws-lambda-ric image, and an ECR URI maps to the local registry", async () => {
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

  it("enforces the timeout and the memory limit as for zip functions", async () => {
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

  it("an entrypoint missing from the image fails the invoke with Runtime.InvalidEntrypoint", async () => {
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

  it.each([
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

  it("refuses Zip inputs on image functions and Image inputs with a runtime", async () => {
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

  it("keeps running image functions after an engine restart, from the image cache", async () => {
    lambda.destroy();
    await engine.stop();
    engine = await startEngine(env);
    lambda = clientFor(engine);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "bb" }));
    expect(got.Configuration?.State).toBe("Active");
    expect((await invoke("bb", "after restart")).body).toMatchObject({
      message: "v1",
      event: "after restart",
    });
  });

  it("pulls an Active function's image again at start when it left the cache", async () => {
    lambda.destroy();
    await engine.stop();
    const rootfs = path.join(dataDir, "images", "rootfs", digests.node?.slice(7) ?? "");
    fs.rmSync(rootfs, { recursive: true, force: true });
    engine = await startEngine(env);
    lambda = clientFor(engine);
    const r = await vi.waitFor(() => invoke("node-img", "back"), {
      timeout: 30_000,
      interval: 200,
    });
    expect(r.body).toMatchObject({ message: "from node", event: "back" });
    expect(fs.existsSync(path.join(rootfs, "rootfs", "usr", "local", "bin", "node"))).toBe(true);
  });
});

describe("an engine without docker-registry", () => {
  it("still starts, and ECR image functions fail with a StateReason saying why", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "image-noregistry-"));
    const bare = await startEngine({
      NODE_ENV: "test",
      LAMBDA_CONSOLE_DATA_DIR: dir,
      LAMBDA_ENGINE_PORT: "0",
      LAMBDA_REGISTRY_PORT: "0",
      PATH: "/nonexistent",
    });
    const client = clientFor(bare);
    try {
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
    } finally {
      client.destroy();
      await bare.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
