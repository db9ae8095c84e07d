import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withLimitsInside, type Command } from "./sandbox-command";

/** A file system mounted into one environment, and the POSIX identity the function runs as. */
export interface SandboxFileSystem {
  /** The access point's root directory on the host (resolved, inside its file system). */
  hostDir: string;
  /** Where the function sees it: /mnt/<name>. */
  mountPath: string;
  uid: number;
  gid: number;
  /** Secondary groups. */
  groups: number[];
}

const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), "userns-launch.py");
/**
 * The fd the launcher hands bwrap the user namespace on: above stdio, the extensions' outputs
 * (3–9) and bwrap's own fds (10–12, sandbox-command.ts).
 */
const USERNS_FD = 13;

/**
 * Rewrites a sandbox command (zip or image) to mount a file system: the access point's root
 * read-write at its LocalMountPath over a fresh /mnt (nothing else of the file system, nor of
 * the image's /mnt, is visible), and the function running as the access point's uid/gid/groups
 * in a user namespace that maps them to the same host ids (userns-launch.py), so the files it
 * creates are owned by them on the host. Every other flag of the sandbox stays as it was.
 */
export function withFileSystem(
  cmd: Command,
  mount: SandboxFileSystem,
  python: string,
  asRoot = process.getuid?.() === 0,
): Command {
  const args = cmd.sandboxArgs;
  if (!args) throw new Error("a file system can only be mounted into a sandbox");
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    // Not root: bwrap's own namespace maps the sandbox uid to the engine's, which is then the
    // access point's (functions/file-system-mount.ts refuses any other uid), so ownership still holds on the host.
    if (a === "--unshare-user") out.push(...(asRoot ? ["--userns", String(USERNS_FD)] : [a]));
    else if (a === "--uid" || a === "--gid") {
      out.push(a, String(a === "--uid" ? mount.uid : mount.gid));
      i++;
    } else out.push(a);
  }
  if (!out.includes("--userns") && !out.includes("--unshare-user"))
    throw new Error("the sandbox has no user namespace to replace");
  ensureImageMountPoint(out);
  out.push("--tmpfs", "/mnt", "--bind", mount.hostDir, mount.mountPath);
  if (!asRoot) return { ...cmd, sandboxArgs: out };
  // bwrap runs as the access point's user: the spawn helper (root) may not set its limits.
  cmd = withLimitsInside(cmd);
  const launcher = [
    python,
    LAUNCHER,
    String(mount.uid),
    String(mount.gid),
    mount.groups.join(","),
    String(USERNS_FD),
    "--",
  ];
  // bwrap is the command itself, or the program a cgroup-joining shell execs (see joinCgroup).
  if (cmd.file.endsWith("bwrap")) {
    return {
      ...cmd,
      file: python,
      args: [...launcher.slice(1), cmd.file, ...cmd.args],
      sandboxArgs: out,
    };
  }
  const at = cmd.args.findIndex((a) => a.endsWith("bwrap"));
  if (at < 0) throw new Error("no bwrap in the sandbox command");
  return {
    ...cmd,
    args: [...cmd.args.slice(0, at), ...launcher, ...cmd.args.slice(at)],
    sandboxArgs: out,
  };
}

/**
 * An image's rootfs is bound read-only as /, where bwrap cannot make /mnt: an image without one
 * gets an empty /mnt in its unpacked rootfs (the engine's own copy). mkdir never follows a link:
 * an image whose /mnt is something else fails to start rather than steer the engine anywhere.
 */
function ensureImageMountPoint(args: string[]): void {
  const at = args.findIndex((a, i) => a === "--ro-bind" && args[i + 2] === "/");
  const rootfs = at >= 0 ? args[at + 1] : undefined;
  if (!rootfs) return;
  try {
    fs.mkdirSync(path.join(rootfs, "mnt"), { mode: 0o755 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}
