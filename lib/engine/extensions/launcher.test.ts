import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classifyLine, launcherArgv, listExtensions } from "./launcher";

const opt = fs.mkdtempSync(path.join(os.tmpdir(), "ext-launcher-"));
afterAll(() => fs.rmSync(opt, { recursive: true, force: true }));

describe("the extensions launcher", () => {
  it("lists the executable regular files of /opt/extensions, sorted; not links, dirs or data", () => {
    const dir = path.join(opt, "extensions");
    fs.mkdirSync(path.join(dir, "a-dir"), { recursive: true });
    fs.writeFileSync(path.join(dir, "zeta"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "alpha"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "readme.txt"), "not executable", { mode: 0o644 });
    fs.symlinkSync("/bin/sh", path.join(dir, "link"));
    expect(listExtensions(opt)).toEqual(["alpha", "zeta"]);
    expect(listExtensions(undefined)).toEqual([]);
    expect(listExtensions(path.join(opt, "missing"))).toEqual([]);
  });

  it("puts itself before the runtime's argv with the names to start", () => {
    const argv = launcherArgv(["a", "b"], ["/var/runtime/bootstrap", "x"]);
    expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(argv.slice(3)).toEqual(["sh", "2", "a", "b", "/var/runtime/bootstrap", "x"]);
  });

  it("tells the runtime's lines from an extension's lines and exits", () => {
    expect(classifyLine("plain runtime output")).toEqual({ kind: "runtime" });
    expect(classifyLine("\u001eLmy-ext hello there")).toEqual({
      kind: "extension-log",
      name: "my-ext",
      text: "hello there",
    });
    expect(classifyLine("\u001eXmy-ext 137")).toEqual({
      kind: "extension-exit",
      name: "my-ext",
      code: 137,
    });
  });
});
