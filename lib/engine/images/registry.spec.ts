import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pushOciImage } from "@/test/support/images/build-test-image";
import { pullErrorWith, setUpSeededRegistry } from "@/test/support/images/seeded-registry";
import { RegistryStartError } from "./errors";
import { basicAuthorization } from "../../registry/credentials";
import { isRunning, startLocalRegistry, type LocalRegistry } from "./registry";

let registry: LocalRegistry;
let busyboxDigest = "";
const { tmp, dataDir, layoutDir, ctx } = setUpSeededRegistry(
  (s) => ({ registry, busyboxDigest } = s),
);

/** fetch with the registry's credentials. */
const authed = (url: string, init: RequestInit = {}, r: LocalRegistry = registry) => {
  const headers = new Headers(init.headers);
  headers.set("Authorization", basicAuthorization(r.credentials));
  return fetch(url, { ...init, headers });
};
const pullError = pullErrorWith(ctx, () => registry);

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
