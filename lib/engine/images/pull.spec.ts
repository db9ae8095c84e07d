import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildOciImage,
  busyboxRuntimeImage,
  nodeRicImage,
  pushOciImage,
} from "@/test/support/images/build-test-image";
import {
  localRegistryOptions,
  pullErrorWith,
  setUpSeededRegistry,
} from "@/test/support/images/seeded-registry";
import { pullImage } from "./pull";
import type { LocalRegistry } from "./registry";

let registry: LocalRegistry;
let busyboxDigest = "";
const { tmp, dataDir, layoutDir, ctx } = setUpSeededRegistry(
  (s) => ({ registry, busyboxDigest } = s),
);

/** What the engine passes for its own registry: the host, and the auth file with its credentials. */
const local = () => localRegistryOptions(registry);
const pullError = pullErrorWith(ctx, () => registry);

/** Every path under dir, to prove a refused pull wrote nothing outside the cache. */
function listTree(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()
    : [];
}

describe("pullImage", () => {
  it("resolves a tag to its digest, unpacks the rootfs and reads the image config; the second pull is a cache hit", async () => {
    const uri = `${registry.host}/lambda/busybox:v1`;
    const blobInfoCache = "/var/lib/containers/cache/blob-info-cache-v1.boltdb";
    const mtime = () => (fs.existsSync(blobInfoCache) ? fs.statSync(blobInfoCache).mtimeMs : 0);
    const before = mtime();
    const first = await pullImage(ctx, uri, local());
    // skopeo ran confined: its host-wide blob-info cache was not touched.
    expect(mtime()).toBe(before);
    expect(first).toMatchObject({
      imageUri: uri,
      digest: busyboxDigest,
      resolvedImageUri: `${registry.host}/lambda/busybox@${busyboxDigest}`,
      cached: false,
      config: {
        entryPoint: ["/var/runtime/bootstrap"],
        command: ["function.handler"],
        workingDirectory: "/var/task",
        env: ["PATH=/bin"],
      },
    });
    expect(first.bundleDir).toBe(path.join(dataDir, "images", "rootfs", busyboxDigest.slice(7)));
    expect(fs.readFileSync(path.join(first.rootfsDir, "etc", "lambda-message"), "utf8")).toBe(
      "hello from v1",
    );
    expect(fs.readlinkSync(path.join(first.rootfsDir, "bin", "sh"))).toBe("busybox");
    expect(
      fs.statSync(path.join(first.rootfsDir, "var", "runtime", "bootstrap")).mode & 0o111,
    ).not.toBe(0);
    expect(fs.existsSync(path.join(first.bundleDir, "config.json"))).toBe(true);

    const second = await pullImage(ctx, uri, local());
    expect(second).toMatchObject({
      digest: busyboxDigest,
      cached: true,
      bundleDir: first.bundleDir,
    });
    // Pinned by digest and already unpacked: no registry needed.
    const pinned = await pullImage(ctx, `127.0.0.1:1/lambda/busybox@${busyboxDigest}`, local());
    expect(pinned).toMatchObject({ cached: true, digest: busyboxDigest });
  });

  it("pulls an ECR URI from the local registry and reports it under the ECR host", async () => {
    const ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambda/busybox:v1";
    const img = await pullImage(ctx, ecr, local());
    expect(img.digest).toBe(busyboxDigest);
    expect(img.resolvedImageUri).toBe(
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/lambda/busybox@${busyboxDigest}`,
    );
  });

  it("answers ImageDeleted for an unknown tag or repository", async () => {
    const tag = await pullError(`${registry.host}/lambda/busybox:nope`);
    expect(tag.code).toBe("ImageDeleted");
    expect(tag.reason).toContain("lambda/busybox:nope");
    expect((await pullError(`${registry.host}/lambda/missing:v1`)).code).toBe("ImageDeleted");
  });

  it("answers ImageAccessDenied when the registry cannot be reached, InvalidImage for a malformed URI", async () => {
    const err = await pullError("127.0.0.1:1/lambda/busybox:v1");
    expect(err.code).toBe("ImageAccessDenied");
    expect(err.reason).toContain("cannot be reached");
    expect((await pullError("not a uri")).code).toBe("InvalidImage");
  });

  it("verifies TLS for a registry that is not loopback: plain HTTP under such a name is refused unless the operator lists it", async () => {
    // On Linux, connecting to 0.0.0.0 reaches 127.0.0.1: the same plain-HTTP registry, under a
    // name that is not loopback.
    const remote = `0.0.0.0:${registry.port}`;
    const uri = `${remote}/lambda/busybox:v1`;
    const err = await pullError(uri);
    expect(err.code).toBe("ImageAccessDenied");
    expect(err.reason).toContain(`The registry ${remote} holding ${uri} does not offer HTTPS`);
    expect(err.reason).toContain("LAMBDA_ENGINE_INSECURE_REGISTRIES");
    // Listed: reached over plain HTTP, where the registry asks for credentials the engine keeps
    // for 127.0.0.1:<port> only, so none are sent under this other name.
    const listed = await pullError(uri, { insecureRegistries: [remote] });
    expect(listed.code).toBe("ImageAccessDenied");
    expect(listed.reason).toContain(`was denied by ${remote}`);
    expect(listed.detail).toMatch(/authentication required/);
  });

  it("refuses a layer with ../ paths and writes nothing outside the cache", async () => {
    const before = listTree(tmp).filter(
      (p) => !p.startsWith("data/images") && !p.startsWith("data/registry"),
    );
    const err = await pullError(`${registry.host}/lambda/escape:v1`);
    expect(err.code).toBe("InvalidImage");
    expect(err.reason).toContain("escapes the image root");
    const after = listTree(tmp).filter(
      (p) => !p.startsWith("data/images") && !p.startsWith("data/registry"),
    );
    expect(after).toEqual(before);
    expect(fs.existsSync(path.join(os.tmpdir(), "outside-the-root"))).toBe(false);
    expect(fs.readdirSync(path.join(dataDir, "images", "rootfs"))).toEqual([
      busyboxDigest.slice(7),
    ]);
    // The refused image is dropped from the layout cache again.
    const index = JSON.parse(
      fs.readFileSync(path.join(dataDir, "images", "oci", "index.json"), "utf8"),
    ) as { manifests: unknown[] };
    expect(index.manifests).toHaveLength(1);
  });

  it("refuses device files and images over the size limit", async () => {
    const dev = await pullError(`${registry.host}/lambda/device:v1`);
    expect(dev).toMatchObject({
      code: "InvalidImage",
      reason: expect.stringContaining("device file"),
    });
    buildOciImage(layoutDir, "busybox-big", busyboxRuntimeImage("too big"));
    await pushOciImage(
      layoutDir,
      "busybox-big",
      `${registry.host}/lambda/busybox:big`,
      registry.authFile,
    );
    const big = await pullError(`${registry.host}/lambda/busybox:big`, { maxBytes: 100_000 });
    expect(big).toMatchObject({
      code: "InvalidImage",
      reason: expect.stringContaining("over the 10 GB limit"),
    });
    expect(fs.readdirSync(path.join(dataDir, "images", "rootfs"))).toEqual([
      busyboxDigest.slice(7),
    ]);
  });

  it("refuses an image built for another architecture than the function's, cached or not", async () => {
    const cached = await pullImage(ctx, `${registry.host}/lambda/busybox:v1`, {
      ...local(),
      architecture: "arm64",
    }).catch((e: unknown) => e);
    expect(cached).toMatchObject({
      code: "InvalidImage",
      reason: expect.stringContaining("built for linux/amd64"),
    });
    // busybox:big was refused earlier (size) so it is not cached: this is the fresh pull's check.
    const fresh = await pullError(`${registry.host}/lambda/busybox:big`, { architecture: "arm64" });
    expect(fresh).toMatchObject({
      code: "InvalidImage",
      reason: expect.stringContaining("built for linux/amd64"),
    });
    expect(fs.readdirSync(path.join(dataDir, "images", "rootfs"))).toEqual([
      busyboxDigest.slice(7),
    ]);
  });

  it("pulls the node + aws-lambda-ric image", async () => {
    buildOciImage(layoutDir, "node-v1", nodeRicImage("node v1"));
    const digest = await pushOciImage(
      layoutDir,
      "node-v1",
      `${registry.host}/lambda/node:v1`,
      registry.authFile,
    );
    const img = await pullImage(ctx, `${registry.host}/lambda/node:v1`, local());
    expect(img.digest).toBe(digest);
    expect(img.config).toMatchObject({
      entryPoint: ["/usr/local/bin/node", "/opt/ric/index.mjs"],
      command: ["index.handler"],
    });
    expect(fs.existsSync(path.join(img.rootfsDir, "opt", "ric", "rapid-client.node"))).toBe(true);
    expect(fs.statSync(path.join(img.rootfsDir, "usr", "local", "bin", "node")).size).toBe(
      fs.statSync(fs.realpathSync(process.execPath)).size,
    );
    expect(img.sizeBytes).toBeGreaterThan(50_000_000);
  });
});
