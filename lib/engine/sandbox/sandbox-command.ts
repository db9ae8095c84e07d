import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Isolation } from "./isolation";

export interface SandboxSpec {
  /** Unpacked code on the host, shown read-only at /var/task. */
  codeDir: string;
  /** Runtime files on the host, shown read-only at /var/runtime. */
  runtimeDir?: string;
  /** More read-only views: a runtime binary outside /usr, the SDK under /var/runtime/node_modules. */
  extraRoBinds?: { host: string; inside: string }[];
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
const ETC_FILES = [
  "/etc/resolv.conf",
  "/etc/hosts",
  "/etc/nsswitch.conf",
  "/etc/ssl",
  "/etc/ca-certificates",
  "/etc/localtime",
];

let etcDir: string | undefined;

/** passwd/group naming the sandbox user, so getpwuid (os.homedir, the AWS SDK's config lookup) works. */
function sandboxEtc(): string {
  if (etcDir) return etcDir;
  const dir = path.join(os.tmpdir(), "lambda-console-sandbox-etc");
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.writeFileSync(
    path.join(dir, "passwd"),
    "root:x:0:0:root:/root:/sbin/nologin\nsbx_user1051:x:993:990::/home/sbx_user1051:/sbin/nologin\n",
    { mode: 0o644 },
  );
  fs.writeFileSync(path.join(dir, "group"), "root:x:0:\nsbx_user1051:x:990:\n", { mode: 0o644 });
  etcDir = dir;
  return dir;
}

/**
 * bubblewrap flags every environment gets, zip or image: private /proc, /dev and a sized /tmp;
 * own pid, ipc, uts and user namespaces; Lambda's sandbox user ids; no capabilities.
 */
export function isolationFlags(tmpSizeMb: number, chdir: string): string[] {
  return [
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(tmpSizeMb * 1024 * 1024),
    "--tmpfs",
    "/tmp",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-user",
    // Lambda's sandbox user ids; the host's root stays outside.
    "--uid",
    "993",
    "--gid",
    "990",
    "--hostname",
    "localhost",
    "--cap-drop",
    "ALL",
    "--die-with-parent",
    "--new-session",
    "--chdir",
    chdir,
  ];
}

/** Makes the process join a cgroup before it execs, so its first allocation counts. */
export function joinCgroup(cmd: Command, procsFile: string | undefined): Command {
  if (!procsFile) return cmd;
  return {
    file: "/bin/sh",
    args: ["-c", `echo $$ > '${procsFile}' && exec "$@"`, "sh", cmd.file, ...cmd.args],
  };
}

/** Builds the command that starts one environment's process, sandboxed where bwrap exists. */
export function buildSandboxCommand(spec: SandboxSpec, iso: Isolation): Command {
  let file: string;
  let args: string[];
  if (iso.bwrap) {
    file = iso.bwrap;
    args = [
      "--ro-bind",
      "/usr",
      "/usr",
      "--symlink",
      "usr/bin",
      "/bin",
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      ...ETC_FILES.flatMap((p) => ["--ro-bind-try", p, p]),
      "--ro-bind",
      path.join(sandboxEtc(), "passwd"),
      "/etc/passwd",
      "--ro-bind",
      path.join(sandboxEtc(), "group"),
      "/etc/group",
      "--ro-bind",
      spec.codeDir,
      "/var/task",
      ...(spec.runtimeDir ? ["--ro-bind", spec.runtimeDir, "/var/runtime"] : []),
      ...(spec.extraRoBinds ?? []).flatMap((b) => ["--ro-bind", b.host, b.inside]),
      ...isolationFlags(spec.tmpSizeMb, "/var/task"),
      ...spec.argv,
    ];
  } else {
    const [prog = "", ...rest] = spec.argv;
    file = prog;
    args = rest;
  }
  return joinCgroup({ file, args }, spec.cgroupProcs);
}

/** Where a sandbox path is on the host when there is no sandbox. */
export function hostPath(
  spec: Pick<SandboxSpec, "codeDir" | "runtimeDir">,
  iso: Isolation,
  inside: string,
): string {
  if (iso.bwrap) return inside;
  if (inside.startsWith("/var/task"))
    return path.join(spec.codeDir, inside.slice("/var/task".length));
  if (spec.runtimeDir && inside.startsWith("/var/runtime"))
    return path.join(spec.runtimeDir, inside.slice("/var/runtime".length));
  return inside;
}
