import { spawn, type ChildProcess, type StdioPipe } from "node:child_process";
import type { Writable } from "node:stream";
import { ARGS_FD, type Command } from "./sandbox-command";

/**
 * Spawns a command from this process (no helper, no network wiring): the opted-out path
 * (LAMBDA_ENGINE_SANDBOX=none) and tests. A command's sandboxArgs go on fd 3, as the helper does.
 */
export function spawnLocal(
  cmd: Command,
  opts: { env: Record<string, string>; cwd?: string; detached?: boolean },
): ChildProcess {
  const stdio: StdioPipe[] = ["pipe", "pipe", "pipe"];
  if (cmd.sandboxArgs) stdio[ARGS_FD] = "pipe";
  const child = spawn(cmd.file, cmd.args, {
    env: opts.env as NodeJS.ProcessEnv,
    cwd: opts.cwd,
    detached: opts.detached,
    stdio,
  });
  const argsPipe = child.stdio[ARGS_FD] as Writable | null | undefined;
  if (cmd.sandboxArgs && argsPipe) {
    argsPipe.on("error", () => {});
    argsPipe.end(cmd.sandboxArgs.map((a) => a + "\0").join(""));
  }
  return child;
}
