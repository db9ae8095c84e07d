import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { startTestEngine, type TestEngine } from "@/test/support/lambda";
import { DEBIAN_AWS_CLI, clientEnv, executables, run } from "./clients";

/**
 * What the AWS CLI specs (aws-cli.spec.ts, aws-cli-storage.spec.ts) share: the CLIs they run, a
 * test engine with a home dir for the CLI, and `aws` / `ok` calls against that engine.
 */

// Debian's AWS CLI v2 (install-system-packages.sh installs it). The CLI v1 is botocore, whose
// protocols boto3.spec.ts covers; LAMBDA_COMPAT_ALL_CLIS=1 runs every other `aws` on PATH too
// (a pip-installed CLI v1), at ~2 minutes each on a loaded machine.
export const CLIS = process.env.LAMBDA_COMPAT_ALL_CLIS
  ? executables("aws", [DEBIAN_AWS_CLI])
  : [DEBIAN_AWS_CLI];

/**
 * A test engine and a home dir for the CLI, as hooks of the calling spec (handed to `set`), and
 * the spec's test timeout.
 */
export function setUpCliEngine(prefix: string, set: (t: TestEngine, dir: string) => void): void {
  // Each CLI call starts a Python interpreter: ~1 s alone, up to ~7 s on a loaded two-core machine.
  vi.setConfig({ testTimeout: 180_000 });
  let t: TestEngine | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    t = await startTestEngine(`${prefix}-`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-home-`));
    set(t, dir);
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * `aws ...` with the CLI at `cli` against the engine: its exit code, output and (for the commands
 * that print JSON) the parsed output; `ok` also expects it to succeed.
 */
export function cliCalls(cli: string, engine: () => TestEngine, dir: () => string) {
  const aws = async (...args: string[]) => {
    const r = await run(
      cli,
      [...args, "--endpoint-url", engine().engine.endpoint],
      clientEnv(engine().engine, dir()),
    );
    // The s3 commands print text; the others JSON.
    const json = r.code === 0 && r.stdout.startsWith("{") ? (JSON.parse(r.stdout) as Json) : {};
    return { ...r, json };
  };
  const ok = async (...args: string[]) => {
    const r = await aws(...args);
    expect(r.stderr, `aws ${args.join(" ")}`).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    return r.json;
  };
  return { aws, ok };
}

/** What the CLI prints, as far as these specs read it. */
interface Json {
  [key: string]: unknown;
  Metrics?: unknown[];
  Datapoints?: { Timestamp?: unknown }[];
  MetricDataResults?: unknown[];
  events?: { message?: string }[];
  FileSystems?: unknown[];
  FileSystemId?: unknown;
  DBInstance?: unknown;
  DBInstances?: { DBInstanceStatus?: string }[];
  Events?: { Resources?: { ResourceName?: string }[] }[];
  Configuration?: unknown;
}
