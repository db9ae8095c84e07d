import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const script = path.resolve(import.meta.dirname, "install-system-packages.sh");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "install-packages-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[], env: NodeJS.ProcessEnv = process.env, asNobody = false) =>
  spawnSync(
    asNobody ? "setpriv" : "bash",
    [
      ...(asNobody ? ["--reuid=65534", "--regid=65534", "--clear-groups", "bash"] : []),
      script,
      ...args,
    ],
    { encoding: "utf8", env },
  );

/**
 * A machine where none of the packages is installed yet: dpkg-query answers "not installed" for
 * each, as on a fresh Debian (the real dpkg database here has them all).
 */
function freshMachinePath(): string {
  const bin = path.join(tmp, "fresh-bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "dpkg-query"),
    '#!/bin/sh\nfor a in "$@"; do case "$a" in -*) ;; *) echo "$a unknown ok not-installed";; esac; done\n',
    { mode: 0o755 },
  );
  fs.chmodSync(tmp, 0o755);
  return `${bin}:${process.env.PATH}`;
}

/**
 * A PATH that logs each dpkg-query (then runs the real one) and each apt-get (then fails) to
 * `log`, so a test can count what the script ran.
 */
function recordingPath(log: string): string {
  const bin = path.join(tmp, "recording-bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "dpkg-query"),
    `#!/bin/sh\necho dpkg-query >> ${log}\nexec /usr/bin/dpkg-query "$@"\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, "apt-get"), `#!/bin/sh\necho apt-get >> ${log}\nexit 1\n`, {
    mode: 0o755,
  });
  fs.chmodSync(tmp, 0o755);
  return `${bin}:${process.env.PATH}`;
}

describe("scripts/install-system-packages.sh: the one package list of npm start and npm test", () => {
  test("the list has every capability's packages", () => {
    const r = run(["--list"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      "chromium",
      "bubblewrap",
      "slirp4netns",
      "python3",
      "runc",
      "umoci",
      "skopeo",
      "docker-registry",
      "busybox-static",
      "postgresql",
      "pgbouncer",
      "g++",
      "make",
      "xz-utils",
      "util-linux",
      "awscli",
      "python3-boto3",
    ]);
  });

  test("with everything installed it does nothing, quickly, as root or not", () => {
    for (const asNobody of [false, true]) {
      const log = path.join(tmp, `calls-${asNobody ? "nobody" : "root"}`);
      fs.writeFileSync(log, "");
      fs.chmodSync(log, 0o666);
      const r = run([], { ...process.env, PATH: recordingPath(log) }, asNobody);
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).toBe("");
      // Quickly, counted rather than timed: one dpkg-query for the whole list, no apt-get.
      expect(fs.readFileSync(log, "utf8")).toBe("dpkg-query\n");
    }
  });

  test("not root on a fresh machine: names what is missing and the exact command, installs nothing", () => {
    const r = run([], { ...process.env, PATH: freshMachinePath() }, true);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "Missing system packages: chromium bubblewrap slirp4netns python3 runc umoci skopeo docker-registry busybox-static postgresql pgbouncer g++ make xz-utils",
    );
    expect(r.stderr).toContain(
      "Install them with: sudo apt-get install -y --no-install-recommends chromium bubblewrap",
    );
    expect(r.stdout).not.toContain("[setup] installing");
  });

  test("--check only reports, even as root", () => {
    const r = run(["--check"], { ...process.env, PATH: freshMachinePath() });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Missing system packages: chromium");
    expect(r.stdout).toBe("");
  });
});
