import { spawn } from "node:child_process";
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

  it("puts itself before the runtime's argv with the names to start and their output fds", () => {
    const argv = launcherArgv(["a", "b"], ["/var/runtime/bootstrap", "x"]);
    expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(argv.slice(3)).toEqual(["sh", "2", "a", "3", "b", "4", "/var/runtime/bootstrap", "x"]);
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

  it("runs under /bin/sh: each extension's output and exit status on its own fd; the runtime and the extensions hold only stdio", async () => {
    // The launcher's script, its /opt/extensions pointed at a directory of the test's.
    const dir = path.join(opt, "run", "extensions");
    fs.mkdirSync(dir, { recursive: true });
    // Which of fds 3-9 the shell itself holds (a builtin test: it opens nothing).
    const openFds = `for fd in 3 4 5 6 7 8 9; do [ -e /proc/$$/fd/$fd ] && printf "$fd "; done; echo`;
    fs.writeFileSync(
      path.join(dir, "one"),
      `#!/bin/sh\nprintf "one holds: "; ${openFds}\nprintf partial\nexit 4\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, "two"), `#!/bin/sh\necho two >&2\necho\n`, { mode: 0o755 });
    const runtime = ["/bin/sh", "-c", `printf "runtime holds: "; ${openFds}`];
    const [sh = "", ...args] = launcherArgv(["one", "two"], runtime).map((a) =>
      a.replaceAll("/opt/extensions", dir),
    );
    const child = spawn(sh, args, { stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"] });
    const read = (i: number) =>
      new Promise<string>((resolve) => {
        let text = "";
        const s = child.stdio[i] as NodeJS.ReadableStream;
        s.on("data", (d: Buffer) => (text += d.toString()));
        s.on("end", () => resolve(text));
      });
    const [out, three, four] = [read(1), read(3), read(4)];
    child.stdin?.end("go\n");
    expect(await out).toBe("runtime holds: \n");
    expect(await three).toBe("one holds: \npartial\n\u001eXone 4\n");
    expect(await four).toBe("two\n\n\n\u001eXtwo 0\n");
  });
});
