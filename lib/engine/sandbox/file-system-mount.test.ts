import { describe, expect, it } from "vitest";
import { withFileSystem } from "./file-system-mount";

const mount = {
  hostDir: "/data/efs/fs-1/app",
  mountPath: "/mnt/data",
  uid: 1000,
  gid: 1001,
  groups: [7, 8],
};
const base = {
  file: "/bin/sh",
  args: [
    "-c",
    'echo $$ > procs && exec "$@"',
    "sh",
    "/usr/bin/bwrap",
    "--args",
    "3",
    "--",
    "/var/runtime/bootstrap",
  ],
  sandboxArgs: [
    "--ro-bind",
    "/usr",
    "/usr",
    "--unshare-user",
    "--uid",
    "993",
    "--gid",
    "990",
    "--cap-drop",
    "ALL",
  ],
};

describe("withFileSystem", () => {
  it("as root: joins a user namespace mapping the access point's ids, binds only its root over a fresh /mnt", () => {
    const cmd = withFileSystem(base, mount, "/usr/bin/python3", true);
    expect(cmd.sandboxArgs).toEqual([
      "--ro-bind",
      "/usr",
      "/usr",
      "--userns",
      "13",
      "--uid",
      "1000",
      "--gid",
      "1001",
      "--cap-drop",
      "ALL",
      "--tmpfs",
      "/mnt",
      "--bind",
      "/data/efs/fs-1/app",
      "/mnt/data",
    ]);
    // The launcher sits between the cgroup-joining shell and bwrap; bwrap's own argv is untouched.
    expect(cmd.args.slice(3)).toEqual([
      "/usr/bin/python3",
      expect.stringMatching(/userns-launch\.py$/),
      "1000",
      "1001",
      "7,8",
      "13",
      "--",
      "/usr/bin/bwrap",
      "--args",
      "3",
      "--",
      "/var/runtime/bootstrap",
    ]);
  });

  it("as root, a sandbox the spawn helper enters: its limits move inside (prlimit), its cgroups stay the helper's", () => {
    const entered = {
      file: "/usr/bin/bwrap",
      args: ["--args", "3", "--", "/var/runtime/bootstrap"],
      sandboxArgs: base.sandboxArgs,
      enter: { cgroups: ["/cg/env-1/cgroup.procs"], limits: { nofile: 1024, nproc: 1024 } },
    };
    const cmd = withFileSystem(entered, mount, "/usr/bin/python3", true);
    expect(cmd.file).toBe("/usr/bin/python3");
    expect(cmd.args.slice(6)).toEqual([
      "/usr/bin/bwrap",
      "--args",
      "3",
      "--",
      "/usr/bin/prlimit",
      "--nofile=1024:1024",
      "--nproc=1024:1024",
      "--",
      "/var/runtime/bootstrap",
    ]);
    expect(cmd.enter).toEqual({ cgroups: ["/cg/env-1/cgroup.procs"] });
    // Not root, the sandbox runs as the engine's own user: the helper sets the limits.
    expect(withFileSystem(entered, mount, "/usr/bin/python3", false).enter).toEqual(entered.enter);
  });

  it("not root: keeps bwrap's own user namespace (the engine's uid is the access point's)", () => {
    const cmd = withFileSystem(base, mount, "/usr/bin/python3", false);
    expect(cmd.args).toEqual(base.args);
    expect(cmd.sandboxArgs).toContain("--unshare-user");
    expect(cmd.sandboxArgs).not.toContain("--userns");
  });
});
