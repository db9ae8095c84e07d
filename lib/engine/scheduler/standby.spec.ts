import fs from "node:fs";
import { describe, expect, vi } from "vitest";
import { HOST_NODE_MAJOR } from "../runtimes/nodejs/node-runtime";
import { ENGINE_PORT_INSIDE } from "../sandbox/network";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

// A standby-served cold start must be indistinguishable from a normal one, for the function.
let h: InvokeHarness;
const parse = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;
const invoke = (name: string, payload = "{}") =>
  h.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload), LogType: "Tail" }),
  );
const standby = () => h.invoker.dispatcher.standby;

const until = (cond: () => boolean, ms = 20_000): Promise<void> =>
  vi.waitFor(
    () => {
      if (!cond()) throw new Error("condition not met in time");
    },
    { timeout: ms, interval: 20 },
  );

const PROBE = `const fs = require("node:fs");
const helper = require("helper-mod"); // found through NODE_PATH (/var/task), as on Lambda
console.log("init of probe");
exports.handler = async () => {
  const tryWrite = (p) => { try { fs.writeFileSync(p, "x"); return "written"; } catch (e) { return e.code; } };
  return {
    env: process.env, helper, execArgv: process.execArgv, nice: require("node:os").getPriority(),
    task: fs.readdirSync("/var/task").sort(), nested: fs.readFileSync("/var/task/lib/data.txt", "utf8"),
    taskWrite: tryWrite("/var/task/new-file"), tmpWrite: tryWrite("/tmp/ok"),
    dataDir: fs.existsSync(${JSON.stringify("__DATA__")}), cwd: process.cwd(),
    var: fs.readdirSync("/var").sort(), runtime: fs.readdirSync("/var/runtime").sort(),
  };
};`;
const OOM = `exports.handler = async () => { const a = []; for (;;) a.push(Buffer.alloc(8 * 1024 * 1024, 1)); };`;

const test = harnessTest("standby-spec-", {
  LAMBDA_ENGINE_SECRET_ACCESS_KEY: "engine-secret-never-in-functions",
  LAMBDA_ENGINE_ACCESS_KEY_ID: "AKIAENGINEROOTKEY000",
  LAMBDA_ENGINE_STANDBY: "2",
});

test.beforeAll(({ harness }) => {
  h = harness;
  h.add({
    name: "prime",
    runtime: "nodejs20.x",
    files: { "index.js": "exports.handler = async () => 1;", "prime-only.js": "" },
  });
});

// These specs' functions are nodejs20.x, whose standbys are the host's own Node.js only on a
// Node.js 20 host; on the CI's Node.js 24 run they would wait on a Node.js 20 download and key
// their standbys by it (issue 19), which these timings do not model. Left for issue 18.
describe.skipIf(HOST_NODE_MAJOR !== 20)("standby sandboxes", () => {
  test("serves a Node.js cold start exactly like a normal one: variables, read-only /var/task with only its code, logs", async () => {
    expect(standby().count()).toBe(0); // nothing is pre-started before a key is used
    expect((await invoke("prime")).FunctionError).toBeUndefined();
    await until(() => standby().count() === 2);
    const dataDir = h.engine.ctx.config.dataDir;
    h.add({
      name: "probe",
      runtime: "nodejs20.x",
      env: { GREETING: "hi", AWS_REGION: "eu-west-9" },
      files: {
        "index.js": PROBE.replace("__DATA__", dataDir),
        "helper-mod.js": "module.exports = 'from helper';",
        "lib/data.txt": "nested",
      },
    });
    const served = standby().served;
    const r = await invoke("probe");
    expect(standby().served).toBe(served + 1);
    const out = parse(r.Payload);
    const env = out.env as Record<string, string>;
    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: "probe",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
      _HANDLER: "index.handler",
      LAMBDA_TASK_ROOT: "/var/task",
      LAMBDA_RUNTIME_DIR: "/var/runtime",
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_REGION: "us-east-1",
      TZ: ":UTC",
      GREETING: "hi",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${ENGINE_PORT_INSIDE}`,
    });
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const all = JSON.stringify(env);
    expect(all).not.toContain("engine-secret-never-in-functions");
    expect(all).not.toContain("AKIAENGINEROOTKEY000");
    expect(all).not.toContain(dataDir);
    expect(Object.keys(env).some((k) => k.startsWith("LAMBDA_ENGINE") || k === "VITEST")).toBe(
      false,
    );
    expect(out.helper).toBe("from helper");
    expect(out.task).toEqual(["helper-mod.js", "index.js", "lib"]); // not prime's code, nothing else
    expect(out.nested).toBe("nested");
    expect(out.taskWrite).toMatch(/^(EROFS|EACCES)$/);
    expect(out.tmpWrite).toBe("written");
    expect(out.dataDir).toBe(false);
    expect(out.cwd).toBe("/var/task");
    expect(out.nice).toBe(5); // function code runs below the engine's priority
    // The same /var and /var/runtime as a normal start: nothing standby-specific to see.
    expect(out.var).toEqual(["runtime", "task"]);
    expect(out.runtime).toEqual([
      "boot.cjs",
      "index.body.js",
      "index.mjs",
      "node_modules",
      "package.json",
      "rapid-client.node",
      "runtime-api-client.cjs",
      "standby.mjs",
    ]);
    // Lambda's Node bootstrap flags for 128 MB.
    expect(out.execArgv).toEqual(
      expect.arrayContaining([
        "--expose-gc",
        "--max-semi-space-size=6",
        "--max-old-space-size=116",
      ]),
    );
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString();
    expect(tail).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms\t.*Init Duration: [\d.]+ ms/);
    const lines = await h.logLines("probe");
    expect(
      lines.some((l) => l.includes("\tINFO\tinit of probe") || l.includes("init of probe")),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith("INIT_START Runtime Version: nodejs:20"))).toBe(true);
  });

  test("still reports Runtime.OutOfMemory when a standby-served function exceeds its memory", async () => {
    await until(() => standby().count() === 2);
    h.add({ name: "hog", runtime: "nodejs20.x", files: { "index.js": OOM } });
    const served = standby().served;
    const r = await invoke("hog");
    expect(standby().served).toBe(served + 1);
    expect(r.FunctionError).toBe("Unhandled");
    expect(parse(r.Payload).errorType).toBe("Runtime.OutOfMemory");
    expect(Buffer.from(r.LogResult ?? "", "base64").toString()).toContain(
      "Error Type: Runtime.OutOfMemory",
    );
  });

  test("takes the normal path for variables node reads at boot, and keys standbys by memory size", async () => {
    await until(() => standby().count() === 2);
    h.add({
      name: "opts",
      runtime: "nodejs20.x",
      env: { NODE_OPTIONS: "--no-deprecation" },
      files: { "index.js": "exports.handler = async () => process.noDeprecation === true;" },
    });
    let served = standby().served;
    const r = await invoke("opts");
    expect(parse(r.Payload) as unknown).toBe(true);
    expect(standby().served).toBe(served);

    const big = (name: string) =>
      h.add({
        name,
        runtime: "nodejs22.x",
        memory: 256,
        files: {
          "index.js": PROBE.replace("__DATA__", "/nope"),
          "helper-mod.js": "module.exports = 1;",
          "lib/data.txt": "",
        },
      });
    big("big-1");
    served = standby().served;
    await invoke("big-1"); // first use of 256 MB: normal path, then standbys for that key
    expect(standby().served).toBe(served);
    await until(
      () =>
        standby()
          .list()
          .filter((s) => s.key.startsWith("256/")).length === 2,
    );
    big("big-2");
    const r2 = await invoke("big-2");
    const out = parse(r2.Payload);
    expect(standby().served).toBe(served + 1);
    expect((out.env as Record<string, string>).AWS_EXECUTION_ENV).toBe("AWS_Lambda_nodejs22.x");
    expect(out.execArgv).toEqual(expect.arrayContaining(["--max-old-space-size=231"]));
  });

  test("serves an ES module handler (handler.mjs) and a callback handler", async () => {
    await until(
      () =>
        standby()
          .list()
          .filter((s) => s.key === "128/512").length === 2,
    );
    h.add({
      name: "esm",
      runtime: "nodejs20.x",
      handler: "handler.hello",
      files: { "handler.mjs": "export const hello = async (e) => ({ esm: true, e });" },
    });
    h.add({
      name: "cb",
      runtime: "nodejs20.x",
      files: { "index.js": "exports.handler = (e, ctx, cb) => cb(null, { cb: true });" },
    });
    const served = standby().served;
    expect(parse((await invoke("esm", '{"x":1}')).Payload)).toEqual({ esm: true, e: { x: 1 } });
    expect(parse((await invoke("cb")).Payload)).toEqual({ cb: true });
    expect(standby().served).toBe(served + 2);
  });

  test("kills every standby and removes its task dir when the engine stops", async () => {
    await until(() => standby().count() >= 2);
    const live = standby().list();
    for (const s of live) expect(fs.existsSync(s.taskDir)).toBe(true);
    await h.stop();
    // A standby still being made has no pid yet: then only its task dir tells.
    const gone = (s: (typeof live)[number]) => {
      try {
        if (s.pid) {
          process.kill(s.pid, 0);
          return false;
        }
      } catch {
        // the process is gone
      }
      return !fs.existsSync(s.taskDir);
    };
    await until(() => live.every(gone)).catch(() => {
      // Say what stayed: the process (and its state) or the task dir.
      const left = live.filter((s) => !gone(s));
      const state = (pid?: number) => {
        try {
          return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.slice(0, 12);
        } catch {
          return "gone";
        }
      };
      throw new Error(
        `left behind: ${JSON.stringify(left.map((s) => ({ ...s, state: state(s.pid), dir: fs.existsSync(s.taskDir) })))}`,
      );
    });
  });
});
