import fs from "node:fs";
import path from "node:path";
import { cpuProcsFor } from "./cpu-cgroup";
import type { Isolation } from "./isolation";
import { writePrivateFile } from "./private-dir";
import { LAMBDA_LIMITS, withLambdaLimits, type Rlimits } from "./lambda-limits";

/** One environment's network namespace, wired by the spawn helper before its command runs. */
export interface SandboxNetwork {
  /** Path of slirp4netns, which gives the namespace outbound access. */
  slirp: string;
  /**
   * Loopback ports listened on inside the namespace, whose listening sockets are handed to the
   * engine (the Runtime API, the engine's API): it accepts there itself, with no relay between.
   */
  listeners: number[];
  /** Outbound access to non-loopback addresses (Lambda outside a VPC); off: the listeners only. */
  outbound: boolean;
  /** Destinations made unreachable inside (instance metadata, the host's own addresses), CIDR. */
  unreachable: string[];
}

export interface SandboxSpec {
  /** Unpacked code on the host, shown read-only at /var/task. */
  codeDir: string;
  /** Runtime files on the host, shown read-only at /var/runtime. */
  runtimeDir?: string;
  /** More read-only views: a runtime binary outside /usr, the SDK under /var/runtime/node_modules. */
  extraRoBinds?: { host: string; inside: string }[];
  /**
   * The sandbox's /etc/hosts instead of the usual one (a connected database proxy's endpoints,
   * lib/engine/rds/sandbox-sockets.ts): one bind, never stacked over the shared file.
   */
  hostsFile?: string;
  /** The function's layers merged (see layers/opt-tree.ts), shown read-only at /opt. */
  optDir?: string;
  /** Private /tmp size (EphemeralStorage.Size). */
  tmpSizeMb: number;
  /** Program and arguments as seen inside the sandbox. */
  argv: string[];
  /** The process environment inside the sandbox (never given to a host-side process). */
  env: Record<string, string>;
  /** The namespace's network; without it the sandbox has only its own loopback. */
  network?: SandboxNetwork;
  /** When set, the process joins this cgroup before it execs (so its first allocation counts). */
  cgroupProcs?: string;
}

export interface Command {
  file: string;
  args: string[];
  /**
   * bubblewrap's options (binds, --setenv pairs), handed over on ARGS_FD as `--args`: no variable
   * of a function reaches a host process's argv, environment or loader. (bwrap takes the command
   * itself only on its command line: the runtime's path, or an image's ENTRYPOINT and CMD.)
   */
  sandboxArgs?: string[];
  /**
   * Sockets to the engine the sandbox's first process gets at fds 3, 4, ... besides its stdio:
   * the extensions' outputs (extensions/launcher.ts). Spawn helper only.
   */
  outputs?: number;
  /** Wired by the spawn helper between the namespaces' creation and the command's start. */
  network?: SandboxNetwork;
  /**
   * Done by the spawn helper to the sandbox's first process in that same wait (with a network
   * only), so before it starts anything: the cgroups it joins (the first must take it; the cpu
   * cgroup is best effort) and its rlimits. No shell and no prlimit run per start.
   */
  enter?: { cgroups: string[]; limits?: Rlimits };
}

/** The only environment a host-side process of a sandbox (helper, sh, bwrap, slirp4netns) gets. */
export const HOST_SIDE_ENV: Readonly<Record<string, string>> = { PATH: "/usr/bin:/bin" };

/**
 * The fds bwrap reads its arguments from, reports the sandbox's pid on, and waits on: above 9, so
 * that 3–9 stay free for the extensions' outputs (a shell names fds 0–9 only; bwrap closes these
 * before the command starts).
 */
export const ARGS_FD = 10;
const INFO_FD = 11;
const BLOCK_FD = 12;
export const BWRAP_FDS = [ARGS_FD, INFO_FD, BLOCK_FD] as const;

// Read-only bits of /etc a runtime needs for DNS and TLS, nothing with secrets.
const ETC_FILES = ["/etc/nsswitch.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/localtime"];

let etcFiles: { passwd: string; group: string; hosts: string } | undefined;
let slirpResolvConf: string | undefined;

/**
 * The resolv.conf a sandbox sees: with outbound access, slirp4netns's DNS forwarder (10.0.2.3,
 * which asks the host's resolver, a loopback one such as systemd-resolved's included); without,
 * the host's file (names in /etc/hosts still resolve).
 */
export function resolvConfFor(network: SandboxNetwork | undefined): string {
  if (!network?.outbound) return "/etc/resolv.conf";
  slirpResolvConf ??= writePrivateFile("sandbox-resolv.conf", "nameserver 10.0.2.3\n");
  return slirpResolvConf;
}

/**
 * The host's names, and Lambda's name for the environment itself: extensions' telemetry
 * listeners and the Telemetry API's destinations use sandbox.localdomain. `extra`: more lines
 * (a connected database proxy's endpoint, lib/engine/rds/sandbox-sockets.ts).
 */
export function sandboxHostsContent(extra = ""): string {
  let hosts = "127.0.0.1\tlocalhost\n";
  try {
    hosts = fs.readFileSync("/etc/hosts", "utf8");
  } catch {
    // no hosts file on the host: localhost only
  }
  if (hosts && !hosts.endsWith("\n")) hosts += "\n";
  return `${hosts}127.0.0.1\tsandbox.localdomain sandbox\n${extra}`;
}

const sandboxHosts = () => writePrivateFile("sandbox-hosts", sandboxHostsContent());

/** passwd/group naming the sandbox user, so getpwuid (os.homedir, the AWS SDK's config lookup) works. */
function sandboxEtc(): { passwd: string; group: string; hosts: string } {
  etcFiles ??= {
    hosts: sandboxHosts(),
    passwd: writePrivateFile(
      "sandbox-passwd",
      "root:x:0:0:root:/root:/sbin/nologin\nsbx_user1051:x:993:990::/home/sbx_user1051:/sbin/nologin\n",
    ),
    group: writePrivateFile("sandbox-group", "root:x:0:\nsbx_user1051:x:990:\n"),
  };
  return etcFiles;
}

/**
 * A minimal /dev of the host's harmless nodes. Not bwrap's --dev: its devpts makes bwrap nest a
 * second user namespace when not run as root, and the network namespace then belongs to the outer
 * one, which nsenter and slirp4netns cannot find from the sandbox's pid.
 */
const DEV_FLAGS = [
  "--tmpfs",
  "/dev",
  ...["null", "zero", "full", "random", "urandom"].flatMap((d) => [
    "--dev-bind-try",
    `/dev/${d}`,
    `/dev/${d}`,
  ]),
  "--tmpfs",
  "/dev/shm",
  "--symlink",
  "/proc/self/fd",
  "/dev/fd",
  ...["stdin", "stdout", "stderr"].flatMap((n, i) => [
    "--symlink",
    `/proc/self/fd/${i}`,
    `/dev/${n}`,
  ]),
];

/**
 * bubblewrap flags every environment gets, zip or image: private /proc, /dev and a sized /tmp;
 * own pid, ipc, uts, user and network namespaces; Lambda's sandbox user ids; no capabilities;
 * an environment built from nothing but `env`.
 */
export function isolationFlags(
  tmpSizeMb: number,
  chdir: string,
  env: Record<string, string>,
  network: SandboxNetwork | undefined,
): string[] {
  return [
    "--proc",
    "/proc",
    ...DEV_FLAGS,
    "--size",
    String(tmpSizeMb * 1024 * 1024),
    "--tmpfs",
    "/tmp",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-user",
    "--unshare-net",
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
    "--clearenv",
    ...Object.entries(env).flatMap(([k, v]) => ["--setenv", k, v]),
    // The helper wires the network between the namespaces' creation and the command's start.
    ...(network ? ["--info-fd", String(INFO_FD), "--block-fd", String(BLOCK_FD)] : []),
  ];
}

/**
 * The host-side command of a sandbox: bwrap reading its options from ARGS_FD, then argv inside.
 * It joins `cgroupProcs` and gets `limits` (Lambda's, lambda-limits.ts) before it starts anything:
 * through the spawn helper while bwrap waits for its network, else by a shell and prlimit.
 */
export function bwrapCommand(
  bwrap: string,
  sandboxArgs: string[],
  argv: string[],
  network: SandboxNetwork | undefined,
  cgroupProcs: string | undefined,
  limits?: Rlimits,
): Command {
  if (network) {
    const cpu = cgroupProcs ? cpuProcsFor(cgroupProcs) : undefined;
    const cgroups = cgroupProcs ? [cgroupProcs, ...(cpu ? [cpu] : [])] : [];
    return {
      file: bwrap,
      args: ["--args", String(ARGS_FD), "--", ...argv],
      sandboxArgs,
      network,
      enter: { cgroups, ...(limits ? { limits } : {}) },
    };
  }
  const inside = limits ? withLambdaLimits(argv) : argv;
  return joinCgroup(
    { file: bwrap, args: ["--args", String(ARGS_FD), "--", ...inside], sandboxArgs },
    cgroupProcs,
  );
}

/**
 * The command with its rlimits set inside the sandbox by prlimit rather than by the spawn helper:
 * for a sandbox whose first process runs as another user (a file system's access point, run as
 * root), on which the helper may not set limits without CAP_SYS_RESOURCE.
 */
export function withLimitsInside(cmd: Command): Command {
  const { enter } = cmd;
  const at = cmd.args.indexOf("--");
  if (!enter?.limits || at < 0) return cmd;
  return {
    ...cmd,
    args: [...cmd.args.slice(0, at + 1), ...withLambdaLimits(cmd.args.slice(at + 1), enter.limits)],
    enter: { cgroups: enter.cgroups },
  };
}

/**
 * Makes the process join a cgroup before it execs, so its first allocation counts. The shell gets
 * only HOST_SIDE_ENV and our own paths; the sandbox's arguments stay on their fd.
 */
function joinCgroup(cmd: Command, procsFile: string | undefined): Command {
  if (!procsFile) return cmd;
  // Its cpu cgroup too, where one was made (cpu-cgroup.ts); best effort, as the weight is.
  const cpu = cpuProcsFor(procsFile);
  const joinCpu = cpu ? `{ echo $$ > '${cpu}' || :; } 2>/dev/null && ` : "";
  return {
    ...cmd,
    file: "/bin/sh",
    args: ["-c", `echo $$ > '${procsFile}' && ${joinCpu}exec "$@"`, "sh", cmd.file, ...cmd.args],
  };
}

/** Builds the command that starts one environment's process, sandboxed where bwrap exists. */
export function buildSandboxCommand(spec: SandboxSpec, iso: Isolation): Command {
  if (!iso.bwrap) {
    const [prog = "", ...rest] = spec.argv;
    return joinCgroup({ file: prog, args: rest }, spec.cgroupProcs);
  }
  const etc = sandboxEtc();
  const sandboxArgs = [
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
    "--ro-bind-try",
    resolvConfFor(spec.network),
    "/etc/resolv.conf",
    "--ro-bind",
    spec.hostsFile ?? etc.hosts,
    "/etc/hosts",
    "--ro-bind",
    etc.passwd,
    "/etc/passwd",
    "--ro-bind",
    etc.group,
    "/etc/group",
    "--ro-bind",
    spec.codeDir,
    "/var/task",
    ...(spec.runtimeDir ? ["--ro-bind", spec.runtimeDir, "/var/runtime"] : []),
    ...(spec.optDir ? ["--ro-bind", spec.optDir, "/opt"] : []),
    ...(spec.extraRoBinds ?? []).flatMap((b) => ["--ro-bind", b.host, b.inside]),
    ...isolationFlags(spec.tmpSizeMb, "/var/task", spec.env, spec.network),
  ];
  return bwrapCommand(
    iso.bwrap,
    sandboxArgs,
    spec.argv,
    spec.network,
    spec.cgroupProcs,
    LAMBDA_LIMITS,
  );
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
