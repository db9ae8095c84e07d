import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEngineConfig } from "../config";
import {
  buildOciImage,
  busyboxRuntimeImage,
  nodeRicImage,
  pushOciImage,
  withParents,
} from "@/test/support/images/build-test-image";
import { ImageError, RegistryStartError } from "./errors";
import { pullImage, type PullOptions } from "./pull";
import { basicAuthorization } from "../../registry/credentials";
import { isRunning, startLocalRegistry, type LocalRegistry } from "./registry";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "images-spec-"));
const dataDir = path.join(tmp, "data");
const layoutDir = path.join(tmp, "build");
const ctx = { config: loadEngineConfig({ NODE_ENV: "test", LAMBDA_CONSOLE_DATA_DIR: dataDir }) };
let registry: LocalRegistry;
let busyboxDigest = "";

/** What the engine passes for its own registry: the host, and the auth file with its credentials. */
const local = () => ({ localRegistry: registry.host, authFile: registry.authFile });

/** fetch with the registry's credentials. */
const authed = (url: string, init: RequestInit = {}, r: LocalRegistry = registry) => {
  const headers = new Headers(init.headers);
  headers.set("Authorization", basicAuthorization(r.credentials));
  return fetch(url, { ...init, headers });
};

async function pullError(uri: string, extra: Partial<PullOptions> = {}): Promise<ImageError> {
  const err = await pullImage(ctx, uri, { ...local(), ...extra }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ImageError)) throw new Error(`expected an ImageError, got ${String(err)}`);
  return err;
}

/** Every path under dir, to prove a refused pull wrote nothing outside the cache. */
function listTree(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()
    : [];
}

beforeAll(async () => {
  registry = await startLocalRegistry(ctx, { port: 0 });
  buildOciImage(layoutDir, "busybox-v1", busyboxRuntimeImage("hello from v1"));
  busyboxDigest = await pushOciImage(
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
});

afterAll(async () => {
  await registry.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("local registry", () => {
  it("serves the pushed repositories and tags over the registry API", async () => {
    const catalog = (await (await authed(`${registry.url}/v2/_catalog`)).json()) as {
      repositories: string[];
    };
    expect(catalog.repositories).toEqual(
      expect.arrayContaining(["lambda/busybox", "lambda/escape", "lambda/device"]),
    );
    const tags = (await (await authed(`${registry.url}/v2/lambda/busybox/tags/list`)).json()) as {
      tags: string[];
    };
    expect(tags.tags).toEqual(["v1"]);
    expect(
      fs.existsSync(
        path.join(
          dataDir,
          "registry",
          "data",
          "docker",
          "registry",
          "v2",
          "repositories",
          "lambda",
          "busybox",
        ),
      ),
    ).toBe(true);
  });

  it("reports a port already in use as a RegistryStartError with the registry's own words", async () => {
    const err = await startLocalRegistry(ctx, { port: registry.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryStartError);
    expect((err as RegistryStartError).message).toMatch(/address already in use/);
    // The first registry is unaffected.
    expect((await authed(`${registry.url}/v2/`)).status).toBe(200);
  });
});

describe("local registry access", () => {
  it("refuses anonymous and wrong-password requests (401): no listing, pull, push or delete", async () => {
    const anon = await fetch(`${registry.url}/v2/`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    const manifest = `${registry.url}/v2/lambda/busybox/manifests/${busyboxDigest}`;
    for (const [method, url] of [
      ["GET", `${registry.url}/v2/_catalog`],
      ["GET", manifest],
      ["PUT", `${registry.url}/v2/lambda/busybox/manifests/evil`],
      ["POST", `${registry.url}/v2/lambda/evil/blobs/uploads/`],
      ["DELETE", manifest],
    ] as const) {
      const res = await fetch(url, { method, ...(method === "PUT" ? { body: "{}" } : {}) });
      expect(`${method} ${url} ${res.status}`).toBe(`${method} ${url} 401`);
    }
    const guess = await fetch(`${registry.url}/v2/`, {
      headers: {
        Authorization: basicAuthorization({ ...registry.credentials, password: "guess" }),
      },
    });
    expect(guess.status).toBe(401);
    // The image survived the anonymous DELETE.
    const accept = { Accept: "application/vnd.oci.image.manifest.v1+json" };
    expect((await authed(manifest, { method: "HEAD", headers: accept })).status).toBe(200);
    // skopeo without credentials can neither push nor pull.
    await expect(
      pushOciImage(layoutDir, "busybox-v1", `${registry.host}/lambda/anonymous:v1`),
    ).rejects.toThrow(/authentication required/);
    const pull = await pullError(`${registry.host}/lambda/busybox:v1`, { authFile: undefined });
    expect(pull.code).toBe("ImageAccessDenied");
    // The credentials stay in the data dir, readable by the engine's user only.
    for (const f of [
      path.join(dataDir, "registry-credentials.json"),
      registry.authFile,
      path.join(dataDir, "registry", "htpasswd"),
    ])
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dataDir, "registry", "htpasswd"), "utf8")).toMatch(
      /^lambda-console:\$2[aby]\$04\$/,
    );
  });
});

describe("local registry supervision", () => {
  it("restarts the registry after a crash, with the stored images intact", async () => {
    const before = registry.pid();
    expect(before).toBeDefined();
    process.kill(before ?? 0, "SIGKILL");
    await expect
      .poll(
        async () =>
          registry.pid() !== before
            ? await authed(`${registry.url}/v2/`).then(
                (r) => r.status,
                () => 0,
              )
            : 0,
        { timeout: 15_000, interval: 100 },
      )
      .toBe(200);
    expect(registry.pid()).not.toBe(before);
    const tags = (await (await authed(`${registry.url}/v2/lambda/busybox/tags/list`)).json()) as {
      tags: string[];
    };
    expect(tags.tags).toContain("v1");
  });

  it("a registry does not outlive its engine killed with SIGKILL; the next one takes the port", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "orphan-"));
    const script = path.join(dir, "start.mts");
    fs.writeFileSync(
      script,
      `import { startLocalRegistry } from ${JSON.stringify(path.resolve("lib/engine/images/registry.ts"))};\n` +
        `const r = await startLocalRegistry({ config: { dataDir: process.argv[2] } }, { port: 0 });\n` +
        `console.log(JSON.stringify({ pid: r.pid(), port: r.port }));\nsetInterval(() => {}, 1000);\n`,
    );
    const engineLike = spawn(process.execPath, ["--import", "tsx", script, dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const first = await new Promise<{ pid: number; port: number }>((resolve) =>
      engineLike.stdout.once("data", (d: Buffer) =>
        resolve(JSON.parse(d.toString()) as { pid: number; port: number }),
      ),
    );
    expect(isRunning(first.pid)).toBe(true);
    engineLike.kill("SIGKILL");
    await new Promise((r) => engineLike.once("exit", r));
    // Its parent-death signal ends the registry with its engine: the port is free again.
    await expect.poll(() => isRunning(first.pid), { timeout: 5_000 }).toBe(false);
    const next = await startLocalRegistry(
      { config: { ...ctx.config, dataDir: dir } },
      { port: first.port },
    );
    try {
      expect(next.pid()).not.toBe(first.pid);
      expect((await authed(`${next.url}/v2/`, {}, next)).status).toBe(200);
    } finally {
      await next.dispose();
    }
  });

  it("says so when docker-registry is not installed", async () => {
    const err = await startLocalRegistry(ctx, { port: 0, env: { PATH: "/nonexistent" } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RegistryStartError);
    expect((err as Error).message).toBe("docker-registry is not installed");
  });
});

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
