import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

// Issue 18: a CommonJS handler loads with require() (boot.cjs runs the runtime client as a function
// body, ric-bundle.ts), so the cold start never sets up Node's ES module loader. What the function
// sees must not change: these check it against what import() gives, which ESM handlers still get.
// (One difference is left: an error thrown while the module loads lists the runtime client's frames
// under Node's CommonJS loader's, where import() listed its ES module loader's; docs/benchmarks.md.)
// No standbys: a standby loads the runtime client as a module before it knows its function.
let h: InvokeHarness;
const test = harnessTest("cjs-handler-", { LAMBDA_ENGINE_STANDBY: "0" });
test.beforeAll(({ harness }) => {
  h = harness;
});

const text = (p: Uint8Array | undefined) => Buffer.from(p ?? new Uint8Array()).toString("utf8");
async function invoke(name: string): Promise<{ error?: string; out: Record<string, unknown> }> {
  const r = await h.lambda.send(new InvokeCommand({ FunctionName: name }));
  return { error: r.FunctionError, out: JSON.parse(text(r.Payload)) as Record<string, unknown> };
}

// What a handler reports of how it was loaded: whether the ES module loader ran its first module
// job, and how the runtime's command line looks to it.
const VIEW =
  "({ esmLoader: process.moduleLoadList.some((m) => m.endsWith('internal/modules/esm/module_job'))," +
  " argv: process.argv.slice(1) })";

describe("a CommonJS handler's cold start (require(), no ES module loader)", () => {
  test("CommonJS by Node.js's rules loads without the ES module loader; an ES module still sets it up", async () => {
    const cases: { name: string; handler?: string; files: Record<string, string> }[] = [
      { name: "plain-js", files: { "index.js": `exports.handler = async () => ${VIEW};` } },
      {
        name: "typed-commonjs",
        handler: "lib/app.handler",
        files: {
          "package.json": '{"type":"commonjs"}',
          "lib/app.js": `exports.handler = async () => ${VIEW};`,
        },
      },
      {
        name: "cjs-in-module-package",
        files: {
          "package.json": '{"type":"module"}',
          "index.cjs": `module.exports = { handler: async () => ${VIEW} };`,
        },
      },
      {
        name: "callback-handler",
        files: { "index.js": `exports.handler = (e, c, cb) => cb(null, ${VIEW});` },
      },
    ];
    for (const c of cases) h.add({ runtime: "nodejs20.x", ...c });
    h.add({
      name: "esm-handler",
      runtime: "nodejs20.x",
      files: { "index.mjs": `export const handler = async () => ${VIEW};` },
    });
    for (const c of cases) {
      const r = await invoke(c.name);
      expect(r.error, JSON.stringify(r.out)).toBeUndefined();
      expect(r.out, c.name).toEqual({ esmLoader: false, argv: ["/var/runtime/index.mjs"] });
    }
    expect((await invoke("esm-handler")).out).toEqual({
      esmLoader: true,
      argv: ["/var/runtime/index.mjs"],
    });
  });

  test("an error's trace names the runtime's lines as an ES module handler's does", async () => {
    const throwing = "async () => { throw new TypeError('bad input'); }";
    h.add({
      name: "throw-cjs",
      runtime: "nodejs20.x",
      files: { "index.js": `exports.handler = ${throwing};` },
    });
    h.add({
      name: "throw-esm",
      runtime: "nodejs20.x",
      files: { "index.mjs": `export const handler = ${throwing};` },
    });
    const runtimeFrames = (out: Record<string, unknown>) =>
      (out.trace as string[]).filter((l) => l.includes("/var/runtime/"));
    const cjs = await invoke("throw-cjs");
    const esm = await invoke("throw-esm");
    expect(cjs.out).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
    expect(runtimeFrames(cjs.out).length).toBeGreaterThan(0);
    expect(runtimeFrames(cjs.out)).toEqual(runtimeFrames(esm.out));
    expect(runtimeFrames(cjs.out).every((l) => l.includes("file:///var/runtime/index.mjs:"))).toBe(
      true,
    );
  });

  test("the handler is found in module.exports as import() finds it, errors included", async () => {
    const fns: Record<string, { handler: string; code: string }> = {
      nested: { handler: "index.a.b", code: "exports.a = { b: async () => 'nested' };" },
      "exports-is-fn": { handler: "index.handler", code: "module.exports = async () => 'fn';" },
      "default-object": {
        handler: "index.default",
        code: "Object.defineProperty(exports, '__esModule', { value: true }); exports.default = async () => 'd';",
      },
      "missing-require": {
        handler: "index.handler",
        code: "require('not-installed-anywhere'); exports.handler = async () => 1;",
      },
      "syntax-error": { handler: "index.handler", code: "exports.handler = async () => ;" },
    };
    for (const [name, f] of Object.entries(fns)) {
      h.add({ name, runtime: "nodejs20.x", handler: f.handler, files: { "index.js": f.code } });
      // The same file as the runtime client's import() loads it: boot.cjs leaves a handler
      // under node_modules (a package scope of its own) to import(), as it did every handler.
      h.add({
        name: `${name}-imported`,
        runtime: "nodejs20.x",
        handler: `node_modules/fn/${f.handler}`,
        files: { "node_modules/fn/index.js": f.code },
      });
    }
    expect((await invoke("nested")).out).toBe("nested");
    for (const name of Object.keys(fns)) {
      const viaRequire = await invoke(name);
      const viaImport = await invoke(`${name}-imported`);
      expect(viaRequire.error, name).toBe(viaImport.error);
      if (name === "nested") continue;
      expect(viaRequire.error, name).toBe("Unhandled");
      const words = (o: Record<string, unknown>) => ({
        errorType: o.errorType,
        // The file's path differs; the rest is the same.
        errorMessage: String(o.errorMessage).replaceAll("node_modules/fn/", ""),
      });
      expect(words(viaRequire.out), name).toEqual(words(viaImport.out));
    }
  });

  test("ES module syntax in a .js file with no package.json still loads, top-level await included", async () => {
    h.add({
      name: "esm-syntax-js",
      runtime: "nodejs20.x",
      files: { "index.js": "export const handler = async () => 'esm in .js';" },
    });
    h.add({
      name: "esm-tla-js",
      runtime: "nodejs20.x",
      files: {
        "index.js":
          "const v = await Promise.resolve('after await');\nexport const handler = async () => v;",
      },
    });
    expect(await invoke("esm-syntax-js")).toEqual({ error: undefined, out: "esm in .js" });
    expect(await invoke("esm-tla-js")).toEqual({ error: undefined, out: "after await" });
  });

  test("beside a package.json without a type, ES module syntax gets Node.js's own warning", async () => {
    const files = {
      "package.json": '{"name":"no-type"}',
      "index.js": "export const handler = async () => 'typeless';",
    };
    h.add({ name: "typeless", runtime: "nodejs20.x", files });
    expect(await invoke("typeless")).toEqual({ error: undefined, out: "typeless" });
    // What Node.js itself prints when import() loads the same files, with its paths as the function's.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typeless-"));
    try {
      for (const [f, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), body);
      const r = spawnSync(
        process.execPath,
        ["-e", `import(${JSON.stringify(`${dir}/index.js`)})`],
        {
          env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "test" },
        },
      );
      const nodeSays = r.stderr
        .toString()
        .replaceAll(dir, "/var/task")
        .split("\n")
        .filter((l) => l && !l.startsWith("(Use `node"))
        .map((l) => l.replace(/^\(node:\d+\) /, ""));
      expect(nodeSays[0]).toContain("[MODULE_TYPELESS_PACKAGE_JSON]");
      const log = (await h.logLines("typeless")).join("\n");
      for (const line of nodeSays) expect(log).toContain(line);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
