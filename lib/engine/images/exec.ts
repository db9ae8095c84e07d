import { spawn } from "node:child_process";

export interface ToolResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface ToolOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
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
export function runTool(cmd: string, args: string[], options: ToolOptions = {}): Promise<ToolResult> {
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
