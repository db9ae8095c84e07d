import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { afterAll, describe, expect, vi } from "vitest";
import { engineTest } from "@/test/support/fixtures";
import { buildOciImage, busyboxRuntimeImage } from "@/test/support/images/build-test-image";
import {
  getTagDigest,
  listRepositories,
  listTags,
  RegistryError,
  type RegistryEndpoint,
} from "./client";
import { findLocalRegistry } from "./local";
import { ArchiveError, pushArchive } from "./push-archive";
import {
  docker25SaveArchive,
  dockerSaveArchive,
  ociArchive,
} from "@/test/support/images/test-archives";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "push-archive-work-"));
let lambda: LambdaClient;
/** The local registry as the console finds it (URL and the engine's credentials). */
let registry: RegistryEndpoint;
let host = "";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

const registryPort = String(await freePort());
const test = engineTest("push-archive-data-", { LAMBDA_REGISTRY_PORT: registryPort });

function writeArchive(name: string, data: Buffer): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, data);
  return file;
}

async function deployAndInvoke(name: string, uri: string): Promise<Record<string, unknown>> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: "arn:aws:iam::123456789012:role/lambda-role",
      PackageType: "Image",
      Code: { ImageUri: uri },
    }),
  );
  const c = await vi.waitFor(
    async () => {
      const c = (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
      if (c?.State === "Pending") throw new Error(`${name} stayed Pending`);
      return c;
    },
    { timeout: 60_000, interval: 200 },
  );
  expect(c?.State, c?.StateReason).toBe("Active");
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"hello":"image"}') }),
  );
  expect(out.FunctionError).toBeUndefined();
  return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8")) as Record<
    string,
    unknown
  >;
}

test.beforeAll(async ({ testEngine }) => {
  lambda = testEngine.lambda;
  const started = await testEngine.engine.registry.ready();
  if (!started) throw new Error("the engine's local registry did not start");
  const found = findLocalRegistry({
    LAMBDA_CONSOLE_DATA_DIR: testEngine.dataDir,
    LAMBDA_REGISTRY_PORT: registryPort,
  });
  if (!found.ok) throw new Error(found.message);
  registry = found.registry;
  host = found.registry.host;
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("pushing image archives to the local registry", () => {
  test("pushes an OCI archive under the given name; the catalog lists it and a function runs it", async () => {
    const layout = path.join(work, "oci-layout");
    const built = buildOciImage(layout, "v1", busyboxRuntimeImage("from an oci archive"));
    const file = writeArchive("oci.tar", ociArchive(layout));
    const pushed = await pushArchive({ file, registry, repository: "uploads/oci", tag: "v1" });
    expect(pushed).toMatchObject({ repository: "uploads/oci", tag: "v1", format: "oci" });
    // The manifest is pushed byte for byte, so the digest is the one the layout recorded.
    expect(pushed.digest).toBe(built);
    expect(pushed.uploaded).toBe(2);
    expect(await listRepositories(registry)).toContain("uploads/oci");
    expect(await listTags(registry, "uploads/oci")).toEqual(["v1"]);
    expect(await getTagDigest(registry, "uploads/oci", "v1")).toBe(built);
    const body = await deployAndInvoke("from-oci", `${host}/uploads/oci:v1`);
    expect(body).toMatchObject({ message: "from an oci archive", event: { hello: "image" } });
  });

  test("pushes a gzipped docker save archive under its RepoTags name, following a symlinked layer", async () => {
    const spec = busyboxRuntimeImage("from docker save");
    const tar = dockerSaveArchive(spec, {
      repoTag: "docker.io/library/bbsave:v2",
      symlinkDuplicate: true,
    });
    const zlib = await import("node:zlib");
    const file = writeArchive("docker.tar.gz", zlib.gzipSync(tar, { level: 1 }));
    const pushed = await pushArchive({ file, registry });
    expect(pushed).toMatchObject({ repository: "bbsave", tag: "v2", format: "docker" });
    expect(pushed.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(await getTagDigest(registry, "bbsave", "v2")).toBe(pushed.digest);
    const body = await deployAndInvoke("from-docker", `${host}/bbsave@${pushed.digest}`);
    expect(body).toMatchObject({ message: "from docker save" });

    // Pushed again under another tag: the registry has every blob, nothing is sent.
    const again = await pushArchive({ file, registry, repository: "bbsave", tag: "v3" });
    expect(again).toMatchObject({ uploaded: 0, skipped: 2, digest: pushed.digest });
  });

  test("pushes what Docker 25 writes (OCI layout + manifest.json) by its OCI manifest, named from the archive", async () => {
    const layout = path.join(work, "docker25-layout");
    const built = buildOciImage(layout, "x", busyboxRuntimeImage("from docker 25"));
    const file = writeArchive("docker25.tar", docker25SaveArchive(layout, "team/app:2.0"));
    const pushed = await pushArchive({ file, registry });
    expect(pushed).toMatchObject({
      repository: "team/app",
      tag: "2.0",
      format: "oci",
      digest: built,
    });
    const body = await deployAndInvoke("from-docker25", `${host}/team/app:2.0`);
    expect(body).toMatchObject({ message: "from docker 25" });
  });

  test("refuses a corrupt layer (same size, other bytes) and leaves the tag absent", async () => {
    const spec = busyboxRuntimeImage("corrupt");
    const tar = dockerSaveArchive(spec, { repoTag: "corrupt:v1" });
    // Flip bytes inside /etc/lambda-message's content, which sits in the only layer.
    const at = tar.indexOf(Buffer.from("corrupt", "utf8"), tar.indexOf("lambda-message"));
    const bad = Buffer.from(tar);
    bad.write("CORRUPT", at, "utf8");
    const file = writeArchive("corrupt.tar", bad);
    await expect(pushArchive({ file, registry })).rejects.toThrow(ArchiveError);
    await expect(pushArchive({ file, registry })).rejects.toThrow(/corrupt/);
    expect(await getTagDigest(registry, "corrupt", "v1")).toBeUndefined();
  });

  test("refuses a name the registry would not accept", async () => {
    const file = writeArchive("named.tar", dockerSaveArchive(busyboxRuntimeImage("x")));
    await expect(pushArchive({ file, registry })).rejects.toThrow(/give a repository name/);
    await expect(pushArchive({ file, registry, repository: "Upper/Case" })).rejects.toThrow(
      /not a valid repository name/,
    );
  });

  test("is refused without the engine's credentials (401), and pushes nothing", async () => {
    const file = writeArchive("anonymous.tar", dockerSaveArchive(busyboxRuntimeImage("anon")));
    const anonymous = { url: registry.url };
    const err = await pushArchive({
      file,
      registry: anonymous,
      repository: "anon",
      tag: "v1",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ status: 401 });
    await expect(listRepositories(anonymous)).rejects.toMatchObject({ status: 401 });
    const wrong = { url: registry.url, authorization: `Basic ${btoa("lambda-console:guess")}` };
    await expect(listRepositories(wrong)).rejects.toMatchObject({ status: 401 });
    expect(await getTagDigest(registry, "anon", "v1")).toBeUndefined();
  });
});
