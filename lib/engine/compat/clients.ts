import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { RunningEngine } from "../engine";

/**
 * The AWS clients outside Node.js that the compatibility specs drive the engine with: Debian's
 * AWS CLI v2 and boto3 (scripts/install-system-packages.sh installs both), plus any other `aws`
 * or boto3 on PATH (a pip-installed CLI v1 or newer botocore), each run against a test engine.
 */

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end, never rejecting: a user reads its exit code and output. */
export function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * The environment of a client pointed at the engine: its key, us-east-1, and no configuration
 * or credentials of the machine's user (an ~/.aws profile must not change what the spec sees).
 */
export function clientEnv(engine: RunningEngine, dir: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "test",
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: engine.ctx.config.accessKeyId,
    AWS_SECRET_ACCESS_KEY: engine.ctx.config.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: path.join(dir, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    ENGINE_ENDPOINT: engine.endpoint,
    ENGINE_ACCESS_KEY_ID: engine.ctx.config.accessKeyId,
    ENGINE_SECRET_ACCESS_KEY: engine.ctx.config.secretAccessKey,
  };
}

/** Every executable named `name` on PATH (and `extra` first), deduplicated by real path. */
export function executables(name: string, extra: string[] = []): string[] {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  const found = [...extra, ...dirs.map((d) => path.join(d, name))].filter((f) => {
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
  const seen = new Set<string>();
  return found.filter((f) => {
    const real = fs.realpathSync(f);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/** Debian's packages: what a fresh machine gets from scripts/install-system-packages.sh. */
export const DEBIAN_AWS_CLI = "/usr/bin/aws";
export const DEBIAN_PYTHON = "/usr/bin/python3";
