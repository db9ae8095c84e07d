import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { createInput, makeZip, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

// An environment's dispose() is awaitable and idempotent: once it resolves, nothing of the
// sandbox runs any more (the runtime and what the function started) and its cgroup is gone.
let t: TestEngine;

beforeAll(async () => {
  // No standbys: every process of a function is then one this spec's environment started.
  t = await startTestEngine("dispose-spec-", { LAMBDA_ENGINE_STANDBY: "0" });
});
afterAll(async () => {
  await t?.close();
});

/** Live processes (zombies have no environment) whose variables name this function. */
function processesOf(functionName: string): number[] {
  const marker = `AWS_LAMBDA_FUNCTION_NAME=${functionName}\0`;
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, "latin1").includes(marker))
        pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

async function createFunction(name: string, code: string): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput(name, {
        Runtime: "nodejs20.x",
        Code: { ZipFile: makeZip({ "index.js": code }) },
      }),
    ),
  );
  await settled(t.lambda, name);
}

const environments = (name: string) => t.engine.invoker.dispatcher.pool.list(name);

// The handler leaves a grandchild behind: the sandbox is more than the runtime's process.
const SPAWNS_SLEEP = `const { spawn } = require("node:child_process");
exports.handler = async () => { spawn("sleep", ["300"], { stdio: "ignore" }); return "spawned"; };`;

describe("disposing an execution environment", () => {
  it("twice: one promise; once it resolves the sandbox's processes are gone and its cgroup removed", async () => {
    await createFunction("dispose-warm", SPAWNS_SLEEP);
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "dispose-warm" }));
    expect(r.FunctionError).toBeUndefined();
    const [env, ...others] = environments("dispose-warm");
    expect(others).toEqual([]);
    if (!env) throw new Error("no environment after an invoke");
    // The runtime and the sleep it started (and bwrap's own processes) carry the variables.
    await expect.poll(() => processesOf("dispose-warm").length).toBeGreaterThanOrEqual(2);
    const cgroup = env.cgroupDir;
    if (cgroup) expect(fs.existsSync(cgroup)).toBe(true);

    const first = env.dispose();
    const second = env.dispose();
    expect(second).toBe(first);
    await first;

    expect(env.state).toBe("dead");
    expect(processesOf("dispose-warm")).toEqual([]);
    if (cgroup) expect(fs.existsSync(cgroup)).toBe(false);
    expect(t.engine.invoker.environmentCount("dispose-warm")).toBe(0);
    // Once more, after the fact: resolves, changes nothing.
    await env.dispose();
    expect(processesOf("dispose-warm")).toEqual([]);
  });

  it("during its cold start: the start stops where it is and the invoke fails, leaving nothing", async () => {
    // Init takes a while (and starts a process of its own) so the dispose lands inside it.
    await createFunction(
      "dispose-cold",
      `require("node:child_process").spawn("sleep", ["300"], { stdio: "ignore" });
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
exports.handler = async () => "never";`,
    );
    const invoke = t.lambda.send(new InvokeCommand({ FunctionName: "dispose-cold" }));
    await expect.poll(() => environments("dispose-cold").length).toBe(1);
    const [env] = environments("dispose-cold");
    if (!env) throw new Error("no environment for the cold start");
    await Promise.all([env.dispose(), env.dispose()]);

    expect(processesOf("dispose-cold")).toEqual([]);
    const cgroup = env.cgroupDir;
    if (cgroup) expect(fs.existsSync(cgroup)).toBe(false);
    const r = await invoke;
    expect(r.FunctionError).toBe("Unhandled");
    expect(JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString())).toMatchObject({
      errorType: "Runtime.ExitError",
    });
    expect(t.engine.invoker.environmentCount("dispose-cold")).toBe(0);
  });
});
