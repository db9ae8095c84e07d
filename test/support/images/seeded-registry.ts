import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadEngineConfig } from "../../../lib/engine/config";
import { afterAll, beforeAll } from "vitest";
import { ImageError } from "../../../lib/engine/images/errors";
import { pullImage, type PullOptions } from "../../../lib/engine/images/pull";
import { startLocalRegistry, type LocalRegistry } from "../../../lib/engine/images/registry";
import { buildOciImage, busyboxRuntimeImage, pushOciImage, withParents } from "./build-test-image";

/**
 * The registry and pull specs' directories (a fresh temporary one: the engine's data dir and an
 * image build dir) and an engine config on them.
 */
function imagesSpecDirs() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "images-spec-"));
  const dataDir = path.join(tmp, "data");
  const layoutDir = path.join(tmp, "build");
  const ctx = { config: loadEngineConfig({ NODE_ENV: "test", LAMBDA_CONSOLE_DATA_DIR: dataDir }) };
  return { tmp, dataDir, layoutDir, ctx };
}

type ImagesCtx = ReturnType<typeof imagesSpecDirs>["ctx"];

/**
 * A local registry with busybox:v1 (a runtime image), escape:v1 (a layer with ../ paths) and
 * device:v1 (a device file) pushed under lambda/; busyboxDigest is busybox:v1's digest.
 */
async function startSeededRegistry(
  ctx: ImagesCtx,
  layoutDir: string,
): Promise<{ registry: LocalRegistry; busyboxDigest: string }> {
  const registry = await startLocalRegistry(ctx, { port: 0 });
  buildOciImage(layoutDir, "busybox-v1", busyboxRuntimeImage("hello from v1"));
  const busyboxDigest = await pushOciImage(
    layoutDir,
    "busybox-v1",
    `${registry.host}/lambda/busybox:v1`,
    registry.authFile,
  );
  buildOciImage(layoutDir, "escape", {
    layers: [
      withParents([{ name: "bin/ok", type: "file", data: "ok" }]),
      [{ name: "../../../outside-the-root", type: "file", data: "x" }],
    ],
    entrypoint: ["/bin/ok"],
  });
  await pushOciImage(layoutDir, "escape", `${registry.host}/lambda/escape:v1`, registry.authFile);
  buildOciImage(layoutDir, "device", {
    layers: [[{ name: "dev/sda", type: "chardev", major: 8, minor: 0 }]],
    entrypoint: ["/x"],
  });
  await pushOciImage(layoutDir, "device", `${registry.host}/lambda/device:v1`, registry.authFile);
  return { registry, busyboxDigest };
}

/**
 * The registry and pull specs' setup, as hooks of the calling spec: the seeded registry starts
 * before its tests (handed to `set`) and is disposed of after them, with the directories.
 */
export function setUpSeededRegistry(
  set: (started: { registry: LocalRegistry; busyboxDigest: string }) => void,
) {
  const dirs = imagesSpecDirs();
  let registry: LocalRegistry | undefined;
  beforeAll(async () => {
    const started = await startSeededRegistry(dirs.ctx, dirs.layoutDir);
    registry = started.registry;
    set(started);
  });
  afterAll(async () => {
    await registry?.dispose();
    fs.rmSync(dirs.tmp, { recursive: true, force: true });
  });
  return dirs;
}

/** What the engine passes for its own registry: the host, and the auth file with its credentials. */
export const localRegistryOptions = (registry: LocalRegistry) => ({
  localRegistry: registry.host,
  authFile: registry.authFile,
});

/** A pull from the registry `registryOf` returns must fail: its ImageError. */
export function pullErrorWith(ctx: ImagesCtx, registryOf: () => LocalRegistry) {
  return async (uri: string, extra: Partial<PullOptions> = {}): Promise<ImageError> => {
    const err = await pullImage(ctx, uri, { ...localRegistryOptions(registryOf()), ...extra }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof ImageError)) throw new Error(`expected an ImageError, got ${String(err)}`);
    return err;
  };
}
