import { describe, expect, vi } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  type LambdaClient,
  PublishLayerVersionCommand,
  waitUntilFunctionActiveV2,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import type { RunningEngine } from "../engine/engine";
import { engineTest } from "@/test/support/fixtures";
import { SUPPORTED_RUNTIMES } from "../engine/runtimes";
import { createReadyAccessPoint, efsClientFor } from "@/test/support/efs-client";
import { connectToNewProxy } from "@/test/support/rds";
import {
  LOCAL_ENGINE_CAPABILITIES,
  blueprintLayerZip,
  blueprintZip,
  listBlueprints,
  matchExpected,
  supportedBy,
  type Blueprint,
} from "./index";

const ROLE = "arn:aws:iam::000000000000:role/lambda-blueprints";
const all = listBlueprints({});
const runnable = all.filter((b) => supportedBy(b, LOCAL_ENGINE_CAPABILITIES).supported);

let engine: RunningEngine;
let lambda: LambdaClient;

/**
 * What a blueprint that needs a file system gets, as a user would set it up: an EFS access point
 * mounted at its FILE_SYSTEM_PATH, in a VPC (Lambda requires one for EFS).
 */
async function fileSystemFor(b: Blueprint): Promise<object> {
  if (!b.requires.includes("file-system")) return {};
  const efs = efsClientFor(engine);
  const ap = await createReadyAccessPoint(efs, {
    ClientToken: b.id,
    PosixUser: { Uid: 1000, Gid: 1000 },
    RootDirectory: {
      Path: "/blueprints",
      CreationInfo: { OwnerUid: 1000, OwnerGid: 1000, Permissions: "755" },
    },
  });
  efs.destroy();
  return {
    VpcConfig: { SubnetIds: ["subnet-0123456789abcdef0"], SecurityGroupIds: [] },
    FileSystemConfigs: [
      { Arn: ap.accessPointArn, LocalMountPath: b.environment.FILE_SYSTEM_PATH ?? "/mnt/data" },
    ],
  };
}

/** The CreateFunction request the console sends for a blueprint, from its manifest alone. */
async function createFromBlueprint(b: Blueprint): Promise<void> {
  const fileSystem = await fileSystemFor(b);
  // A blueprint's layer is published first, as the console does (lib/blueprints/layers.ts).
  const layerZip = blueprintLayerZip(b.id, {});
  const layers = [];
  if (b.layer && layerZip) {
    const v = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: b.layer.name,
        Content: { ZipFile: layerZip },
        CompatibleRuntimes: b.layer.compatibleRuntimes as Runtime[],
      }),
    );
    layers.push(v.LayerVersionArn ?? "");
  }
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: b.id,
      // The manifest schema only admits Lambda runtime identifiers.
      Runtime: b.runtime as Runtime,
      Handler: b.handler,
      Role: ROLE,
      Description: b.title,
      MemorySize: b.memorySize,
      Timeout: b.timeout,
      Environment: { Variables: b.environment },
      Tags: { blueprint: b.id },
      Code: { ZipFile: blueprintZip(b.id, {}) },
      ...fileSystem,
      ...(layers.length ? { Layers: layers } : {}),
    }),
  );
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { FunctionName: b.id },
  );
}

async function invoke(name: string, event: unknown) {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8");
  return { ...out, text, result: JSON.parse(text || "null") as unknown };
}

const test = engineTest("blueprints-spec-");

test.beforeAll(async ({ testEngine }) => {
  ({ engine, lambda } = testEngine);
  // All first: invoke-function-nodejs calls hello-world-nodejs by name.
  for (const b of runnable) await createFromBlueprint(b);
  // A database-proxy blueprint is pointed at a real proxy, as its user would (issue 16).
  for (const b of runnable)
    if (b.requires.includes("database-proxy"))
      await connectToNewProxy(vi.waitFor, engine, lambda, b.id);
}, 240_000);

describe("blueprints on the local engine", () => {
  test("says which blueprints the local engine cannot run, and what each lacks", () => {
    const lacking = Object.fromEntries(
      all
        .map(
          (b) =>
            [
              b.id,
              supportedBy(b, LOCAL_ENGINE_CAPABILITIES).missing.map((m) => m.requirement),
            ] as const,
        )
        .filter(([, missing]) => missing.length > 0),
    );
    expect(lacking).toEqual({});
    expect(runnable.length).toBe(all.length);
  });

  test("claims only runtimes the engine really has", () => {
    expect([...LOCAL_ENGINE_CAPABILITIES.runtimes].sort()).toEqual([...SUPPORTED_RUNTIMES].sort());
  });

  test("claims sdk-invoke exactly when a function can import @aws-sdk/client-lambda", async () => {
    const probe = "sdk-probe";
    const code = `export const handler = async () => {
      try { await import("@aws-sdk/client-lambda"); return { resolves: true }; }
      catch (err) { return { resolves: false, error: String(err.message) }; }
    };`;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: probe,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: { ZipFile: zipSync({ "index.mjs": strToU8(code) }) },
      }),
    );
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { FunctionName: probe },
    );
    const out = await invoke(probe, {});
    expect(out.FunctionError, out.text).toBeUndefined();
    const { resolves } = out.result as { resolves: boolean };
    expect(LOCAL_ENGINE_CAPABILITIES.features.includes("sdk-invoke"), out.text).toBe(resolves);
  });

  test.each(runnable.map((b) => [b.id, b] as const))(
    "%s: created from its manifest, invoked with its sample event, returns what it promises",
    async (_id, b) => {
      const out = await invoke(b.id, b.sampleEvent);
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError, out.text).toBeUndefined();
      expect(matchExpected(out.result, b.expected.match), out.text).toEqual([]);
    },
  );

  test("webhook-hmac-nodejs rejects a body changed after signing", async () => {
    const b = all.find((x) => x.id === "webhook-hmac-nodejs");
    const event = JSON.parse(JSON.stringify(b?.sampleEvent)) as { body: string };
    event.body = event.body.replace('"opened"', '"closed"');
    const out = await invoke("webhook-hmac-nodejs", event);
    expect(out.FunctionError).toBeUndefined();
    expect(out.result).toMatchObject({ statusCode: 401 });
  });
});
