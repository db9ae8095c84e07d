/**
 * The image-function specs' engine: a real engine with its local registry on a fixed port (so
 * stored ImageUris stay valid across restarts) and the test images pushed there; and the SDK
 * calls those specs share.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
} from "@aws-sdk/client-lambda";
import { vi } from "vitest";
import { startTestEngine, ROLE, type TestEngine } from "../lambda";
import {
  buildOciImage,
  busyboxRuntimeImage,
  nodeRicImage,
  pushOciImage,
  withParents,
} from "./build-test-image";

export interface ImageEngine {
  t: TestEngine;
  /** host:port of the engine's registry. */
  host: string;
  /** Digests of fn/busybox:v1 (v1), :v2 (v2) and fn/node:v1 (node). */
  digests: Record<string, string>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/**
 * Pushes fn/busybox:v1 and :v2 (busybox runtime answering "v1"/"v2"), fn/node:v1 (node +
 * aws-lambda-ric, "from node") and fn/escape:v1 (a layer escaping the root).
 */
async function pushTestImages(host: string, authFile: string | undefined) {
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "image-build-"));
  try {
    const digests: Record<string, string> = {};
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
    return digests;
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

export async function startImageEngine(prefix: string): Promise<ImageEngine> {
  const t = await startTestEngine(prefix, { LAMBDA_REGISTRY_PORT: String(await freePort()) });
  try {
    const registry = await t.engine.registry.ready();
    if (!registry) throw new Error("the engine's local registry did not start");
    const digests = await pushTestImages(registry.host, registry.authFile);
    return { t, host: registry.host, digests };
  } catch (err) {
    await t.close();
    throw err;
  }
}

/** CreateFunction / GetFunction-until-settled / Invoke for image functions, on `t().lambda`. */
export function imageCalls(t: () => TestEngine) {
  return {
    create: (name: string, imageUri: string, extra: Record<string, unknown> = {}) =>
      t().lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Role: ROLE,
          PackageType: "Image",
          Code: { ImageUri: imageUri },
          ...extra,
        }),
      ),

    /** Polls GetFunction until the function settled (State not Pending, update not InProgress). */
    settled: (name: string): Promise<GetFunctionCommandOutput> =>
      vi.waitFor(
        async () => {
          const out = await t().lambda.send(new GetFunctionCommand({ FunctionName: name }));
          const c: FunctionConfiguration = out.Configuration ?? {};
          if (c.State === "Pending" || c.LastUpdateStatus === "InProgress")
            throw new Error(`${name} did not settle: ${JSON.stringify(c)}`);
          return out;
        },
        { timeout: 60_000, interval: 100 },
      ),

    invoke: async (name: string, payload: unknown) => {
      const out = await t().lambda.send(
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
    },
  };
}
