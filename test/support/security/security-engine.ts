/**
 * One real engine per hostile-*.spec.ts file (the `securityTest` fixture), driven only through
 * the AWS SDK: create zip or image functions, wait until Active, invoke and read the JSON answer.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  type CreateFunctionCommandInput,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { vi } from "vitest";
import { makeZip, ROLE, startTestEngine, type TestEngine } from "../lambda";
import { buildOciImage } from "../images/build-test-image";
import { runConfined } from "../../../lib/engine/images/exec";
import { shellImage } from "./hostile-native";

export interface SecurityEngine extends TestEngine {
  /** host:port of the engine's local image registry, when started with one. */
  registryHost?: string;
  /** containers-auth.json for pushing there, when the registry asks for credentials. */
  registryAuthFile?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

export async function startSecurityEngine(
  prefix: string,
  opts: { registry?: boolean } = {},
): Promise<SecurityEngine> {
  const t: SecurityEngine = await startTestEngine(prefix, {
    LAMBDA_REGISTRY_PORT: opts.registry ? String(await freePort()) : "off",
  });
  if (opts.registry) {
    const registry = await t.engine.registry.ready();
    if (!registry) throw new Error("the engine's local registry did not start");
    t.registryHost = registry.host;
    // Registries that require credentials expose an auth file for skopeo; older ones do not.
    t.registryAuthFile = (registry as { authFile?: string }).authFile;
  }
  return t;
}

/** Waits (polling the real API) until the function is Active; fails with its StateReason if not. */
async function waitActive(t: TestEngine, name: string): Promise<void> {
  // vi.waitFor, not expect.poll: functions are created in beforeAll hooks.
  await vi.waitFor(
    async () => {
      const c = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      if (c.State !== "Active") throw new Error(`${name}: ${c.State ?? ""} ${c.StateReason ?? ""}`);
    },
    { timeout: 90_000, interval: 100 },
  );
}

export type ZipFiles = Record<string, string | Uint8Array | [string, number]>;

export async function createZipFunction(
  t: TestEngine,
  name: string,
  runtime: Runtime,
  files: ZipFiles,
  extra: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime,
      Handler: "index.handler",
      Role: ROLE,
      Code: { ZipFile: makeZip(files) },
      Timeout: 30,
      ...extra,
    }),
  );
  await waitActive(t, name);
}

/** skopeo copy of oci:<layout>:<tag> to docker://<dest>, with the registry's credentials if any. */
async function pushImage(layout: string, tag: string, dest: string, authFile?: string) {
  const auth: string[] = [];
  if (authFile) {
    // skopeo runs confined with only the layout dir visible: the auth file travels in it.
    fs.copyFileSync(authFile, path.join(layout, "auth.json"));
    auth.push("--dest-authfile", path.join(layout, "auth.json"));
  }
  const args = ["--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false", ...auth];
  const res = await runConfined(
    "skopeo",
    [...args, `oci:${layout}:${tag}`, `docker://${dest}`],
    [layout],
  );
  if (res.code !== 0) throw new Error(`skopeo copy to ${dest} failed: ${res.stderr}`);
}

/** Builds the shell-bootstrap busybox image with the given ENV, pushes it, creates the function. */
export async function createShellImageFunction(
  t: SecurityEngine,
  name: string,
  imageEnv: string[],
  extra: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  if (!t.registryHost) throw new Error("start the engine with { registry: true }");
  const layout = fs.mkdtempSync(path.join(os.tmpdir(), "lc-hostile-image-"));
  try {
    buildOciImage(layout, "v1", shellImage(imageEnv));
    await pushImage(layout, "v1", `${t.registryHost}/hostile/${name}:v1`, t.registryAuthFile);
  } finally {
    fs.rmSync(layout, { recursive: true, force: true });
  }
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      PackageType: "Image",
      Code: { ImageUri: `${t.registryHost}/hostile/${name}:v1` },
      Timeout: 30,
      ...extra,
    }),
  );
  await waitActive(t, name);
}

export interface InvokeResult<T> {
  functionError?: string;
  body: T;
  /** The last 4 KB of the invocation's log (LogType Tail). */
  log: string;
}

/** Invokes synchronously; the payload parsed as JSON (the raw text when it is not JSON). */
export async function invokeJson<T = Record<string, unknown>>(
  t: TestEngine,
  name: string,
  payload: unknown,
): Promise<InvokeResult<T>> {
  const out = await t.lambda.send(
    new InvokeCommand({
      FunctionName: name,
      Payload: Buffer.from(JSON.stringify(payload)),
      LogType: "Tail",
    }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text, the assertion will show it
  }
  return {
    functionError: out.FunctionError,
    body: body as T,
    log: Buffer.from(out.LogResult ?? "", "base64").toString("utf8"),
  };
}

/** The hostile-*.spec.ts files' per-test and per-hook timeout: real runtimes, images, sandboxes. */
export const LONG = 180_000;

/** A random suffix for canaries and names. */
export const rand = () => crypto.randomBytes(8).toString("hex");

/**
 * An image function is made in beforeAll but only its own test fails when the image pipeline
 * (build, push, pull, unpack) does: `settle` keeps the error for that test to `rethrow`.
 */
export const settle = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
export const rethrow = (e: unknown) => {
  if (e !== undefined) throw e;
};
