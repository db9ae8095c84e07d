import { spawn } from "node:child_process";
import fs from "node:fs";

export interface ToolResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface ToolOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
  /** runConfined: files bound read-only into the confinement (its /tmp would hide them). */
  readable?: string[];
}

/** Thrown when the tool's binary does not exist (spawn ENOENT). */
export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed`);
    this.name = "ToolMissingError";
  }
}

/**
 * Runs a command to completion and collects its output. Never throws for a non-zero exit (the
 * caller maps stderr to a typed error); throws ToolMissingError when the binary is missing.
 */
function runTool(cmd: string, args: string[], options: ToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 300_000,
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      // Keep the tail: the useful error is at the end and logs can be long.
      err = (err + d.toString("utf8")).slice(-16_384);
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") reject(new ToolMissingError(cmd));
      else reject(e);
    });
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL" && code === null) err += `\n${cmd} timed out`;
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
  });
}

const BWRAP = ["/usr/bin/bwrap", "/bin/bwrap"].find((p) => fs.existsSync(p));

/**
 * Runs an image tool (skopeo, umoci) with the host read-only except `writable`: skopeo as root
 * otherwise keeps a blob-info cache in /var/lib/containers, and a tool bug must not be able to
 * write outside the image cache. Without bubblewrap the tool runs as is.
 */
export function runConfined(
  cmd: string,
  args: string[],
  writable: string[],
  options: ToolOptions = {},
): Promise<ToolResult> {
  if (!BWRAP) return runTool(cmd, args, options);
  const scratch = ["/tmp", "/var/tmp", "/var/lib/containers", "/run/containers"].filter((d) =>
    fs.existsSync(d),
  );
  const wrapped = [
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    ...scratch.flatMap((d) => ["--tmpfs", d]),
    ...writable.flatMap((d) => ["--bind", d, d]),
    ...(options.readable ?? []).flatMap((f) => ["--ro-bind", f, f]),
    "--die-with-parent",
    "--",
    cmd,
    ...args,
  ];
  return runTool(BWRAP, wrapped, options).then((res) => {
    // bwrap reports a missing binary as an exec failure; keep ToolMissingError's meaning.
    if (res.code !== 0 && /bwrap: execvp .*: No such file or directory/.test(res.stderr))
      throw new ToolMissingError(cmd);
    return res;
  });
}
