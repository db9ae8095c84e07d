import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RuntimeApiServer, type RuntimeEvent } from "../api/runtime/runtime-api-server";
import { detectIsolation } from "../sandbox/isolation";
import { RUNTIME_API_INSIDE, RUNTIME_API_PORT_INSIDE, sandboxNetwork } from "../sandbox/network";
import { spawnViaHelper, type SandboxProcess } from "../sandbox/remote-spawn";
import { spawnLocal } from "../sandbox/spawn-local";
import { loadEngineConfig } from "../config";
import {
  buildOciImage,
  busyboxRuntimeImage,
  nodeRicImage,
  pushOciImage,
} from "@/test/support/images/build-test-image";
import {
  buildImageEnvironment,
  buildImageSandboxCommand,
  imageLaunchProblem,
  resolveImageLaunch,
  type FunctionImageConfig,
} from "./launch";
import { pullImage, type PreparedImage } from "./pull";
import { startLocalRegistry, type LocalRegistry } from "./registry";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "images-launch-"));
const ctx = {
  config: loadEngineConfig({ NODE_ENV: "test", LAMBDA_CONSOLE_DATA_DIR: path.join(tmp, "data") }),
};
let registry: LocalRegistry;
let busybox: PreparedImage;
let node: PreparedImage;
const started: SandboxProcess[] = [];

/** Starts one image environment against a real Runtime API listener and invokes it once. */
async function invokeOnce(
  image: PreparedImage,
  payload: unknown,
  overrides: FunctionImageConfig = {},
) {
  const events: RuntimeEvent[] = [];
  const rapi = new RuntimeApiServer((e) => events.push(e));
  const launch = resolveImageLaunch(image, overrides);
  const reserved = {
    AWS_LAMBDA_RUNTIME_API: RUNTIME_API_INSIDE,
    AWS_LAMBDA_FUNCTION_NAME: "image-fn",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
    AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/image-fn",
    AWS_LAMBDA_LOG_STREAM_NAME: "2026/01/01/[$LATEST]0",
    AWS_REGION: "us-east-1",
    PATH: "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
    LD_LIBRARY_PATH: "/var/lang/lib:/lib64",
  };
  const cmd = buildImageSandboxCommand(launch, {
    bwrap: "/usr/bin/bwrap",
    tmpSizeMb: 64,
    env: buildImageEnvironment(reserved, launch),
    // The sandbox's own network namespace, its Runtime API forwarded in, nothing else.
    network: sandboxNetwork(detectIsolation(), { outbound: false }),
  });
  let output = "";
  const child = spawnViaHelper(cmd, {
    cwd: "/",
    onListener: (p, h) =>
      p === RUNTIME_API_PORT_INSIDE ? rapi.listenOn(h) : (h as { close(): void }).close(),
  });
  started.push(child);
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  // Waits for a Runtime API event; the error (after 20 s) carries the environment's output.
  const waitFor = (found: () => boolean, what: string) =>
    vi.waitFor(
      () => {
        if (!found())
          throw new Error(`no ${what} (exit code ${child.exitCode}); output:\n${output}`);
      },
      { timeout: 20_000, interval: 20 },
    );
  try {
    await waitFor(
      () => events.some((e) => e.kind === "ready" || e.kind === "init-error"),
      "ready event",
    );
    const requestId = crypto.randomUUID();
    rapi.deliver({
      requestId,
      payload: Buffer.from(JSON.stringify(payload)),
      deadlineMs: Date.now() + 10_000,
      functionArn: "arn:aws:lambda:us-east-1:000000000000:function:image-fn",
      traceId: "Root=1-0-0",
    });
    await waitFor(
      () =>
        events.some(
          (e) => (e.kind === "response" || e.kind === "error") && e.requestId === requestId,
        ),
      "answer",
    );
    const answer = events.find(
      (e): e is Extract<RuntimeEvent, { kind: "response" | "error" }> =>
        (e.kind === "response" || e.kind === "error") && e.requestId === requestId,
    );
    return { answer, output, requestId };
  } finally {
    child.kill("SIGKILL");
    rapi.close();
  }
}

beforeAll(async () => {
  registry = await startLocalRegistry(ctx, { port: 0 });
  const layout = path.join(tmp, "build");
  buildOciImage(layout, "bb", busyboxRuntimeImage("busybox says hi"));
  await pushOciImage(layout, "bb", `${registry.host}/fn/busybox:v1`, registry.authFile);
  buildOciImage(layout, "node", nodeRicImage("node says hi"));
  await pushOciImage(layout, "node", `${registry.host}/fn/node:v1`, registry.authFile);
  const local = { localRegistry: registry.host, authFile: registry.authFile };
  busybox = await pullImage(ctx, `${registry.host}/fn/busybox:v1`, local);
  node = await pullImage(ctx, `${registry.host}/fn/node:v1`, local);
});

afterAll(async () => {
  for (const c of started) c.kill("SIGKILL");
  await registry.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("image launcher (bubblewrap on the unpacked rootfs)", () => {
  it("runs the busybox shell bootstrap: it long-polls /next with wget and posts the response", async () => {
    const { answer, output } = await invokeOnce(busybox, { hello: "world" });
    expect(answer?.kind).toBe("response");
    expect(JSON.parse(answer?.body.toString() ?? "")).toEqual({
      message: "busybox says hi",
      handler: "function.handler",
      cwd: "/var/task",
      event: { hello: "world" },
    });
    expect(output).toContain("bootstrap up: handler=function.handler");
  });

  it("reports a function error through /error", async () => {
    const { answer } = await invokeOnce(busybox, { please: "fail" });
    expect(answer).toMatchObject({ kind: "error", errorType: "Unhandled" });
    expect(JSON.parse(answer?.body.toString() ?? "")).toEqual({
      errorMessage: "asked to fail",
      errorType: "TestError",
    });
  });

  it("applies ImageConfig overrides (command, working directory)", async () => {
    const { answer } = await invokeOnce(busybox, 1, {
      Command: ["other.handler"],
      WorkingDirectory: "/tmp",
    });
    expect(JSON.parse(answer?.body.toString() ?? "")).toMatchObject({
      handler: "other.handler",
      cwd: "/tmp",
      event: 1,
    });
  });

  it("runs node + aws-lambda-ric from the image with the image's handler", async () => {
    const { answer, requestId } = await invokeOnce(node, { n: 42 });
    expect(answer?.kind).toBe("response");
    expect(JSON.parse(answer?.body.toString() ?? "")).toEqual({
      message: "node says hi",
      event: { n: 42 },
      requestId,
      node: process.version,
      cwd: "/var/task",
    });
  });

  it("sees the image read-only and nothing of the host", async () => {
    const launch = resolveImageLaunch(busybox, {
      EntryPoint: ["/bin/sh", "-c"],
      Command: ["touch /bin/x 2>&1; ls /; ls /root 2>&1; id -u"],
    });
    const cmd = buildImageSandboxCommand(launch, {
      bwrap: "/usr/bin/bwrap",
      tmpSizeMb: 16,
      env: { PATH: "/bin" },
    });
    const out = await new Promise<string>((resolve) => {
      const c = spawnLocal(cmd, { env: { PATH: "/usr/bin:/bin" } });
      let s = "";
      c.stdout?.on("data", (d: Buffer) => (s += d.toString()));
      c.on("close", () => resolve(s));
    });
    expect(out).toContain("Read-only file system");
    expect(out.split("\n")).toEqual(
      expect.arrayContaining(["bin", "etc", "var", "tmp", "proc", "dev", "993"]),
    );
    expect(out).not.toMatch(/^(usr|home|work)$/m);
  });

  it("finds a missing entrypoint or working directory before starting", () => {
    expect(imageLaunchProblem(resolveImageLaunch(busybox))).toBeUndefined();
    expect(imageLaunchProblem(resolveImageLaunch(node))).toBeUndefined();
    expect(
      imageLaunchProblem(resolveImageLaunch(busybox, { EntryPoint: ["/nope"] })),
    ).toMatchObject({ errorType: "Runtime.InvalidEntrypoint" });
    expect(
      imageLaunchProblem(resolveImageLaunch(busybox, { WorkingDirectory: "/missing" })),
    ).toMatchObject({ errorType: "Runtime.InvalidWorkingDirectory" });
    expect(
      imageLaunchProblem(resolveImageLaunch(busybox, { EntryPoint: ["/etc/lambda-message"] })),
    ).toMatchObject({ errorType: "Runtime.InvalidEntrypoint" });
  });
});
