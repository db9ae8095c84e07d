import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { tryMakeParent } from "./cgroup-fs";

// Parents left by engines that died (issue 18): an engine started from inside another engine's
// `engine` group (a test process running an engine spawns another) nests its parent there. The
// sweep removed one level only, so such a parent stayed for good and every later start on the
// machine spun 50 ms per directory on EBUSY before listening (~100 ms a start).
const CPU = "/sys/fs/cgroup/cpu";
const writable = fs.existsSync(path.join(CPU, "cpu.shares")) && process.getuid?.() === 0;
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid as number;
let base: string | undefined;

afterEach(() => {
  if (!base) return;
  // Deepest first: cgroup directories go only when empty of groups.
  const dirs = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => [...dirs(path.join(d, e.name)), path.join(d, e.name)]);
  for (const d of [...dirs(base), base]) fs.rmdirSync(d);
  base = undefined;
});

describe.skipIf(!writable)("a start's sweep of dead engines' cpu groups (cgroup v1)", () => {
  test("removes a dead engine's parent with a dead engine's parent nested in it", () => {
    base = fs.mkdtempSync(path.join(CPU, "sweep-spec-"));
    const outer = path.join(base, `lambda-console-${deadPid()}`);
    const nested = path.join(outer, "engine", `lambda-console-${deadPid()}`);
    fs.mkdirSync(path.join(nested, "engine"), { recursive: true });
    fs.mkdirSync(path.join(nested, "env-1"));
    fs.mkdirSync(path.join(outer, "env-2"));
    const made = tryMakeParent(base, "cpu.shares", false, "1024");
    expect(made).toBe(path.join(base, `lambda-console-${process.pid}`));
    expect(fs.existsSync(outer)).toBe(false);
  });

  test("leaves a live engine's parent, and the dead one around it", () => {
    base = fs.mkdtempSync(path.join(CPU, "sweep-spec-"));
    const outer = path.join(base, `lambda-console-${deadPid()}`);
    // This test's parent process stands for an engine that is still running.
    const live = path.join(outer, "engine", `lambda-console-${process.ppid}`);
    fs.mkdirSync(path.join(live, "engine"), { recursive: true });
    fs.mkdirSync(path.join(outer, "env-2"));
    tryMakeParent(base, "cpu.shares", false, "1024");
    expect(fs.existsSync(path.join(live, "engine"))).toBe(true);
    expect(fs.existsSync(path.join(outer, "env-2"))).toBe(false);
  });
});
