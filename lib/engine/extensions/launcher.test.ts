import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exitLine, extensionOutputs, launcherArgv, listExtensions } from "./launcher";

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

  it("gives each extension an output fd of its own from 3; past the seventh they share fd 9", () => {
    expect([...extensionOutputs(["a", "b"])]).toEqual([
      [3, ["a"]],
      [4, ["b"]],
    ]);
    const ten = Array.from({ length: 10 }, (_, i) => `e${i}`);
    const outputs = extensionOutputs(ten);
    expect([...outputs.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(outputs.get(8)).toEqual(["e5"]);
    expect(outputs.get(9)).toEqual(["e6", "e7", "e8", "e9"]);
  });

  it("tells the launcher's exit lines from an extension's own lines", () => {
    expect(exitLine("plain extension output")).toBeUndefined();
    expect(exitLine("X not an exit")).toBeUndefined();
    expect(exitLine("\u001eXmy-ext 137")).toEqual({ name: "my-ext", code: 137 });
    expect(exitLine("\u001eXmy-ext 0")).toEqual({ name: "my-ext", code: 0 });
  });
});
