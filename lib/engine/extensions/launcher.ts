import fs from "node:fs";
import path from "node:path";

/** Lambda starts at most this many extensions (Extension.TooManyExtensions beyond). */
export const MAX_EXTENSIONS = 10;

/** The marker that starts the launcher's exit lines on an extension's output (ASCII RS). */
const RS = "\u001e";

/**
 * Each extension's output reaches the engine on a socket of its own, the sandbox's fd 3 and up
 * (the spawn helper connects them; dash names fds 0–9 only, and bwrap's own fds sit above 9).
 * Extensions past the seventh share the last one.
 */
const FIRST_OUTPUT_FD = 3;
const OUTPUT_FDS = 7;

/** The sandbox fd of the extension at `index` in the launcher's list. */
const outputFdOf = (index: number): number => FIRST_OUTPUT_FD + Math.min(index, OUTPUT_FDS - 1);

/** The output fds of these extensions (in the launcher's order), each with the names it carries. */
export function extensionOutputs(names: readonly string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  names.forEach((name, i) => {
    const fd = outputFdOf(i);
    out.set(fd, [...(out.get(fd) ?? []), name]);
  });
  return out;
}

const CLOSE_OUTPUTS = Array.from(
  { length: OUTPUT_FDS },
  (_, i) => `${FIRST_OUTPUT_FD + i}>&-`,
).join(" ");

/**
 * Variables Lambda keeps from extension processes (they are the runtime's), per the Extensions
 * API's "Permissions and configuration".
 */
const RUNTIME_ONLY = [
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_XRAY_CONTEXT_MISSING",
  "AWS_XRAY_DAEMON_ADDRESS",
  "LAMBDA_RUNTIME_DIR",
  "LAMBDA_TASK_ROOT",
  "_AWS_XRAY_DAEMON_ADDRESS",
  "_AWS_XRAY_DAEMON_PORT",
  "_HANDLER",
];

/**
 * The sandbox's first process when /opt/extensions has executables: starts each one with its
 * stdout and stderr on its output fd (nothing in between: a line it printed before calling the
 * Extensions API is in the engine's socket before the call), then writes its exit status there
 * after it exits; waits for the engine's "go" on stdin (every extension registered), then
 * becomes the runtime, without the output fds. argv: count, then each extension's name and
 * output fd (outputFdOf), then the runtime's argv.
 */
const SCRIPT = `RS=$(printf '\\036')
n=$1; shift
while [ "$n" -gt 0 ]; do
  name=$1; fd=$2; shift 2; n=$((n - 1))
  (
    exec >&$fd 2>&1 </dev/null ${CLOSE_OUTPUTS}
    ( unset ${RUNTIME_ONLY.join(" ")}; exec "/opt/extensions/$name" )
    printf '\\n%sX%s %s\\n' "$RS" "$name" "$?"
  ) &
done
read -r go || exit 0
[ "$go" = go ] || exit 0
exec "$@" </dev/null ${CLOSE_OUTPUTS}
`;

/** Executable regular files in <opt>/extensions, by name, as Lambda lists them (sorted). */
export function listExtensions(optHostDir: string | undefined): string[] {
  if (!optHostDir) return [];
  const dir = path.join(optHostDir, "extensions");
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const d of entries) {
    // lstat only: a symlink in an image could point anywhere on the host.
    if (!d.isFile() || !/^[\w.+-]{1,127}$/.test(d.name)) continue;
    try {
      if (fs.statSync(path.join(dir, d.name)).mode & 0o111) names.push(d.name);
    } catch {
      // gone meanwhile
    }
  }
  return names.sort();
}

/** The runtime's argv with the launcher in front (names from listExtensions). */
export function launcherArgv(names: string[], runtimeArgv: string[]): string[] {
  const started = names.flatMap((name, i) => [name, String(outputFdOf(i))]);
  return ["/bin/sh", "-c", SCRIPT, "sh", String(names.length), ...started, ...runtimeArgv];
}

/**
 * The launcher's exit line on an extension's output: the name and status, or undefined for any
 * other line (the extension's own). It starts a line of its own: a newline precedes it, which
 * ExtensionHost.attachOutput drops.
 */
export function exitLine(line: string): { name: string; code: number } | undefined {
  if (!line.startsWith(`${RS}X`)) return undefined;
  const space = line.indexOf(" ");
  return {
    name: line.slice(2, space < 0 ? undefined : space),
    code: space < 0 ? 0 : Number(line.slice(space + 1)) || 0,
  };
}
