import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { commonJsBody, patchedRic, withLazyBuiltins } from "./ric-bundle";

const ric = fs.readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve("aws-lambda-ric")), "index.mjs"),
  "utf8",
);

describe("withLazyBuiltins (issue 18: a cold start compiles no built-in it does not use)", () => {
  it("defers node:http, node:net and node:worker_threads in the installed aws-lambda-ric", () => {
    const out = withLazyBuiltins(ric);
    expect(out).not.toBe(ric);
    // No top-level require of those built-ins is left: each is loaded where it is used.
    expect(out).not.toMatch(
      /^var \{[^}]*\} = cjsRequire\("(node:)?(http|net|worker_threads)"\);$/m,
    );
    expect(ric).toMatch(/^var \{[^}]*\} = cjsRequire\("(node:)?(http|net|worker_threads)"\);$/m);
  });

  it("leaves a bundle it does not know as it is, rather than half-patched", () => {
    const other = ric.replace('var { Agent, request } = cjsRequire("node:http");', "var X = 1;");
    expect(withLazyBuiltins(other)).toBe(other);
  });
});

describe("patchedRic", () => {
  it("restores Lambda's flags before the function loads; once it has served 100 invokes, tiers sooner and polls with runtime-api-client.cjs", () => {
    const out = patchedRic(ric);
    const restore = out.indexOf(
      "lambdaConsoleOnceHot = globalThis.__lambdaConsoleRestoreFlags?.();",
    );
    expect(restore).toBeGreaterThan(0);
    expect(out.indexOf("UserFunctionLoader.load(", restore)).toBeGreaterThan(restore);
    // Exactly one poll site, and it counts before it polls.
    expect(out.split("return this.nativeClient.next();").length).toBe(2);
    expect(out).toMatch(
      /=== 101\) \{\s+lambdaConsoleOnceHot\?\.\(\);\s+this\.nativeClient = lambdaConsoleWireClient\(this\.nativeClient\);\s+\}\s+return this\.nativeClient\.next\(\);/,
    );
    expect(out).toContain('return cjsRequire("./runtime-api-client.cjs");');
  });
});

describe("commonJsBody (issue 18: a CommonJS handler's cold start sets up no ES module loader)", () => {
  it("is the patched bundle line for line, compiling as a function body", () => {
    const patched = patchedRic(ric);
    const body = commonJsBody(patched);
    expect(body).toBeDefined();
    const lines = (s: string) => s.split("\n");
    // Every line of the module keeps its number (stack traces name file:///var/runtime/index.mjs).
    const at = lines(patched).findIndex((l) => l.includes("UserFunctionLoader.load(taskRoot"));
    expect(lines(body ?? "")[at]).toBe(lines(patched)[at]);
    expect(lines(body ?? "").length).toBeGreaterThan(lines(patched).length);
    expect(body).not.toMatch(/import\.meta|^(import|export)\b/m);
    expect(() =>
      vm.compileFunction(body ?? "", ["require", "importMetaUrl", "commonJsHandler"]),
    ).not.toThrow();
  });

  it("is not made from a bundle it does not know", () => {
    const patched = patchedRic(ric).replace("await import(path3)", "await import(other)");
    expect(commonJsBody(patched)).toBeUndefined();
  });
});
