// Issue 18: the engine answers as soon as its port is open. What `npm run engine` does after that
// (the start output's host checks: each tool's `--version`) runs beside the requests, never in
// front of them, and still reports what it found; so does the clean-up deferred past listen.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, test, vi } from "vitest";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { stopEngineProcess } from "../../test/support/logs";
import { startEngine } from "./engine";
import { privateDir } from "./sandbox/private-dir";
import { prepareRegistryAuth } from "./images/registry-auth";
import { registryCredentialsFile } from "../registry/credentials";
import { compareSync } from "bcryptjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const creds = { accessKeyId: "AKIAENGINESTART00001", secretAccessKey: "engine-start-spec-secret" };
const PROBE_MS = 2_500;

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child) await stopEngineProcess(child);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  child = dir = undefined;
});

/** `npm run engine` from the sources with this PgBouncer; resolves once it listens. */
async function runEngine(pgbouncer: string): Promise<{ endpoint: string; out: () => string }> {
  const engine = spawn(process.execPath, ["--import", "tsx", "lib/engine/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LAMBDA_CONSOLE_DATA_DIR: path.join(dir ?? "", "data"),
      LAMBDA_ENGINE_PORT: "0",
      LAMBDA_ENGINE_URL_PORT: "0",
      LAMBDA_REGISTRY_PORT: "off",
      LAMBDA_ENGINE_PGBOUNCER: pgbouncer,
      LAMBDA_ENGINE_ACCESS_KEY_ID: creds.accessKeyId,
      LAMBDA_ENGINE_SECRET_ACCESS_KEY: creds.secretAccessKey,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = engine;
  let out = "";
  engine.stdout.on("data", (d: Buffer) => (out += d.toString()));
  engine.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const endpoint = await vi.waitFor(
    () => {
      if (engine.exitCode !== null) throw new Error(`engine exited:\n${out}`);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) throw new Error("not listening yet");
      return url;
    },
    { timeout: 30_000, interval: 20 },
  );
  return { endpoint, out: () => out };
}

/** A PgBouncer whose `--version` takes 2.5 s (a cold disk, a loaded host); each run is counted. */
function slowPgBouncer(version: string): string {
  const file = path.join(dir ?? "", "pgbouncer");
  const runs = path.join(dir ?? "", "pgbouncer-runs");
  fs.writeFileSync(
    file,
    `#!/bin/sh\necho run >> "${runs}"\nsleep ${PROBE_MS / 1000}\necho "${version}"\n`,
    { mode: 0o755 },
  );
  return file;
}

/** How many times the fake PgBouncer has been run. */
function pgbouncerRuns(): number {
  const runs = path.join(dir ?? "", "pgbouncer-runs");
  return fs.existsSync(runs) ? fs.readFileSync(runs, "utf8").split("\n").filter(Boolean).length : 0;
}

async function pgbouncerVersion(endpoint: string): Promise<string | undefined> {
  const health = (await (await fetch(`${endpoint}/health`)).json()) as {
    components: { databases: { pgbouncer: { version?: string } } };
  };
  return health.components.databases.pgbouncer.version;
}

describe("npm run engine", () => {
  test("answers API calls while a host tool's --version is slow, then reports its version", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-start-"));
    const { endpoint, out } = await runEngine(slowPgBouncer("PgBouncer 1.99.0 (slow probe)"));
    const lambda = new LambdaClient({
      endpoint,
      region: "us-east-1",
      credentials: creds,
      maxAttempts: 1,
    });
    try {
      // The call is answered while the probe still runs: before "ready", which waits for it.
      const listed = await lambda.send(new ListFunctionsCommand({}));
      expect(listed.Functions).toEqual([]);
      expect(out()).not.toContain("[engine] ready");
    } finally {
      lambda.destroy();
    }
    // The probe's answer still arrives: /health names the version, and the start output is done.
    await vi.waitFor(() => expect(out()).toContain("[engine] ready"), {
      timeout: 20_000,
      interval: 50,
    });
    expect(await pgbouncerVersion(endpoint)).toBe("PgBouncer 1.99.0 (slow probe)");
  });

  test("the next start knows an unchanged tool's version without running it; a changed tool is asked again", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-start-"));
    const pgbouncer = slowPgBouncer("PgBouncer 1.99.1 (slow probe)");
    let engine = await runEngine(pgbouncer);
    await vi.waitFor(() => expect(engine.out()).toContain("[engine] ready"), {
      timeout: 20_000,
      interval: 50,
    });
    if (child) await stopEngineProcess(child);
    expect(pgbouncerRuns()).toBe(1);
    // Same file: ready without running the probe again, with the same version.
    engine = await runEngine(pgbouncer);
    await vi.waitFor(() => expect(engine.out()).toContain("[engine] ready"), {
      timeout: 20_000,
      interval: 20,
    });
    expect(pgbouncerRuns()).toBe(1);
    expect(await pgbouncerVersion(engine.endpoint)).toBe("PgBouncer 1.99.1 (slow probe)");
    if (child) await stopEngineProcess(child);
    // An upgraded PgBouncer (another file): the new version, asked again.
    slowPgBouncer("PgBouncer 1.100.0 (upgraded)");
    engine = await runEngine(pgbouncer);
    await vi.waitFor(() => expect(engine.out()).toContain("[engine] ready"), {
      timeout: 20_000,
      interval: 50,
    });
    expect(await pgbouncerVersion(engine.endpoint)).toBe("PgBouncer 1.100.0 (upgraded)");
    expect(pgbouncerRuns()).toBe(2);
  });
});

/** startEngine in this process, on a fresh data dir (removed after each test, or by the caller). */
function startInProcess(): ReturnType<typeof startEngine> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-start-"));
  return startEngine({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dir,
    LAMBDA_ENGINE_PORT: "0",
    LAMBDA_ENGINE_URL_PORT: "0",
    LAMBDA_REGISTRY_PORT: "off",
  });
}

describe("startEngine", () => {
  test("sweeps a dead engine's standby task dir once it is up, and leaves a live one's", async () => {
    // A process that has exited: its pid names the dead engine.
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    const stale = fs.mkdtempSync(path.join(privateDir(), `lambda-console-standby-${dead}-`));
    fs.writeFileSync(path.join(stale, "handler.mjs"), "export const handler = () => 1;\n");
    const live = fs.mkdtempSync(path.join(privateDir(), `lambda-console-standby-${process.ppid}-`));
    const engine = await startInProcess();
    try {
      await expect.poll(() => fs.existsSync(stale), { timeout: 10_000 }).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      await engine.stop();
      fs.rmSync(stale, { recursive: true, force: true });
      fs.rmSync(live, { recursive: true, force: true });
    }
  });
});

describe("startEngine, stopped at once", () => {
  // A clean CI run's Node.js 24 stage caught this: the start's deferred reconcile of provisioned
  // concurrency ran after stop() had closed the store (an unhandled "database connection is not open").
  test("runs nothing against its closed store", async () => {
    const errors: string[] = [];
    const record = (e: unknown) => errors.push(String(e));
    process.on("unhandledRejection", record);
    try {
      for (let i = 0; i < 2; i++) {
        const engine = await startInProcess();
        await engine.stop();
        // What was deferred at start has had its turns.
        await new Promise((r) => setTimeout(r, 100));
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      process.off("unhandledRejection", record);
    }
    expect(errors).toEqual([]);
  });
});

describe("the local registry's htpasswd", () => {
  test("is rehashed only when the data dir's registry credentials change", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-start-"));
    const storage = path.join(dir, "registry");
    fs.mkdirSync(storage);
    const first = prepareRegistryAuth(dir, storage, "127.0.0.1:5000");
    const written = fs.readFileSync(first.htpasswdFile, "utf8");
    // bcrypt salts each hash: the same bytes mean the next start did not hash again.
    prepareRegistryAuth(dir, storage, "127.0.0.1:5000");
    expect(fs.readFileSync(first.htpasswdFile, "utf8")).toBe(written);
    expect(fs.statSync(first.htpasswdFile).mode & 0o777).toBe(0o600);
    // New credentials (a restored or edited data dir): the htpasswd takes them, not the old ones.
    const password = "another-password-for-this-data-dir";
    fs.writeFileSync(
      registryCredentialsFile(dir),
      JSON.stringify({ username: first.credentials.username, password }),
    );
    const again = prepareRegistryAuth(dir, storage, "127.0.0.1:5000");
    const [user, hash] = fs.readFileSync(again.htpasswdFile, "utf8").trim().split(":");
    expect(user).toBe(first.credentials.username);
    expect(compareSync(password, hash ?? "")).toBe(true);
    expect(compareSync(first.credentials.password, hash ?? "")).toBe(false);
  });
});
