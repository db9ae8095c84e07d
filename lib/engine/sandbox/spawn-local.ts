import { spawn, type ChildProcess, type StdioPipe } from "node:child_process";
import type { Writable } from "node:stream";
import { ARGS_FD, type Command } from "./sandbox-command";

/**
 * Spawns a command from this process (no helper, no network wiring): the opted-out path
 * (LAMBDA_ENGINE_SANDBOX=none) and tests. A command's sandboxArgs go on ARGS_FD, as the helper does.
 */
export function spawnLocal(
  cmd: Command,
  opts: { env: Record<string, string>; cwd?: string; detached?: boolean },
): ChildProcess {
  const stdio: (StdioPipe | "ignore")[] = ["pipe", "pipe", "pipe"];
  // Every slot filled: node:child_process skips holes, which would move the pipe down to fd 3.
  if (cmd.sandboxArgs) stdio.push(...Array<"ignore">(ARGS_FD - 3).fill("ignore"), "pipe");
  const child = spawn(cmd.file, cmd.args, {
    env: opts.env as NodeJS.ProcessEnv,
    cwd: opts.cwd,
    detached: opts.detached,
    stdio,
  });
  const argsPipe = (child.stdio as readonly unknown[])[ARGS_FD] as Writable | null | undefined;
  if (cmd.sandboxArgs && argsPipe) {
    argsPipe.on("error", () => {});
    argsPipe.end(cmd.sandboxArgs.map((a) => a + "\0").join(""));
  }
  return child;
}
