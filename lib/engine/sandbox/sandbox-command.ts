import path from "node:path";
import type { Isolation } from "./isolation";

export interface SandboxSpec {
  /** Unpacked code on the host, shown read-only at /var/task. */
  codeDir: string;
  /** Runtime files on the host, shown read-only at /var/runtime. */
  runtimeDir?: string;
  /** Host paths shown read-only at the same path (a runtime binary outside /usr). */
  extraRoBinds?: string[];
  /** Private /tmp size (EphemeralStorage.Size). */
  tmpSizeMb: number;
  /** Program and arguments as seen inside the sandbox. */
  argv: string[];
  /** When set, the process joins this cgroup before it execs (so its first allocation counts). */
  cgroupProcs?: string;
}

export interface Command {
  file: string;
  args: string[];
}

// Read-only bits of /etc a runtime needs for DNS and TLS, nothing with secrets.
const ETC_FILES = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/localtime"];

/** Builds the command that starts one environment's process, sandboxed where bwrap exists. */
export function buildSandboxCommand(spec: SandboxSpec, iso: Isolation): Command {
  let file: string;
  let args: string[];
  if (iso.bwrap) {
    file = iso.bwrap;
    args = [
      "--ro-bind", "/usr", "/usr",
      "--symlink", "usr/bin", "/bin",
      "--symlink", "usr/lib", "/lib",
      "--symlink", "usr/lib64", "/lib64",
      ...ETC_FILES.flatMap((p) => ["--ro-bind-try", p, p]),
      "--ro-bind", spec.codeDir, "/var/task",
      ...(spec.runtimeDir ? ["--ro-bind", spec.runtimeDir, "/var/runtime"] : []),
      ...(spec.extraRoBinds ?? []).flatMap((p) => ["--ro-bind", p, p]),
      "--proc", "/proc",
      "--dev", "/dev",
      "--size", String(spec.tmpSizeMb * 1024 * 1024), "--tmpfs", "/tmp",
      "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-user",
      // Lambda's sandbox user ids; the host's root stays outside.
      "--uid", "993", "--gid", "990",
      "--hostname", "localhost",
      "--cap-drop", "ALL",
      "--die-with-parent", "--new-session",
      "--chdir", "/var/task",
      ...spec.argv,
    ];
  } else {
    const [prog = "", ...rest] = spec.argv;
    file = prog;
    args = rest;
  }
  if (!spec.cgroupProcs) return { file, args };
  return { file: "/bin/sh", args: ["-c", `echo $$ > '${spec.cgroupProcs}' && exec "$@"`, "sh", file, ...args] };
}

/** Where a sandbox path is on the host when there is no sandbox. */
export function hostPath(spec: Pick<SandboxSpec, "codeDir" | "runtimeDir">, iso: Isolation, inside: string): string {
  if (iso.bwrap) return inside;
  if (inside.startsWith("/var/task")) return path.join(spec.codeDir, inside.slice("/var/task".length));
  if (spec.runtimeDir && inside.startsWith("/var/runtime")) return path.join(spec.runtimeDir, inside.slice("/var/runtime".length));
  return inside;
}
