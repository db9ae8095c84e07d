import fs from "node:fs";
import path from "node:path";

/** Lambda starts at most this many extensions (Extension.TooManyExtensions beyond). */
export const MAX_EXTENSIONS = 10;

/** The marker that starts the launcher's own lines on the sandbox's stdout (ASCII RS). */
const RS = "\u001e";

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
 * The sandbox's first process when /opt/extensions has executables: starts each one (its output
 * tagged with its name, then its exit status, after its last line), waits for the engine's "go"
 * on stdin (every extension registered), then becomes the runtime. argv: count, names...,
 * runtime argv. The launcher adds the name tags: an extension's lines carry its own name only.
 */
const SCRIPT = `RS=$(printf '\\036')
n=$1; shift
while [ "$n" -gt 0 ]; do
  name=$1; shift; n=$((n - 1))
  {
    ( unset ${RUNTIME_ONLY.join(" ")}; exec "/opt/extensions/$name" ) 2>&1 </dev/null
    printf '\\n%sX%s\\n' "$RS" "$?"
  } | {
    e=0
    while IFS= read -r l || [ -n "$l" ]; do
      case "$l" in
        "") e=$((e + 1)); continue ;;
        "$RS"X*) [ "$e" -gt 0 ] && e=$((e - 1)) ;;
      esac
      while [ "$e" -gt 0 ]; do printf '%sL%s \\n' "$RS" "$name"; e=$((e - 1)); done
      case "$l" in
        "$RS"X*) printf '%sX%s %s\\n' "$RS" "$name" "\${l#??}" ;;
        *) printf '%sL%s %s\\n' "$RS" "$name" "$l" ;;
      esac
    done
  } &
done
read -r go || exit 0
[ "$go" = go ] || exit 0
exec "$@" </dev/null
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
  return ["/bin/sh", "-c", SCRIPT, "sh", String(names.length), ...names, ...runtimeArgv];
}

/** What one line of the sandbox's stdout is, when the launcher runs. */
export type LaunchedLine =
  | { kind: "runtime" }
  | { kind: "extension-log"; name: string; text: string }
  | { kind: "extension-exit"; name: string; code: number };

export function classifyLine(line: string): LaunchedLine {
  if (!line.startsWith(RS)) return { kind: "runtime" };
  const space = line.indexOf(" ");
  const name = line.slice(2, space < 0 ? undefined : space);
  const rest = space < 0 ? "" : line.slice(space + 1);
  if (line[1] === "L") return { kind: "extension-log", name, text: rest };
  if (line[1] === "X") return { kind: "extension-exit", name, code: Number(rest) || 0 };
  return { kind: "runtime" };
}
