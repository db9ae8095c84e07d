import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

let h: InvokeHarness;
const parse = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;

const test = harnessTest("fail-spec-");

test.beforeAll(({ harness }) => {
  h = harness;
});

// One function whose behaviour the event picks, so recovery is "the next invoke works".
const MODES = `exports.handler = async (event) => {
  if (event.mode === "sleep") await new Promise((r) => setTimeout(r, 5000));
  if (event.mode === "exit") process.exit(1);
  if (event.mode === "oom") { const keep = []; for (let i = 0; i < 300; i++) keep.push(Buffer.alloc(1024 * 1024, i)); return keep.length; }
  return { ok: true, pid: process.pid, stream: process.env.AWS_LAMBDA_LOG_STREAM_NAME };
};`;

describe("failures as on Lambda, and recovery", () => {
  beforeAll(() => {
    h.add({
      name: "modes",
      runtime: "nodejs20.x",
      timeout: 1,
      memory: 128,
      files: { "index.js": MODES },
    });
  });

  test("times out: Sandbox.Timedout, the log line, the environment killed, the next invoke works", async () => {
    const warm = await h.lambda.send(
      new InvokeCommand({ FunctionName: "modes", Payload: Buffer.from("{}") }),
    );
    expect(parse(warm.Payload).ok).toBe(true);
    expect(h.invoker.environmentCount("modes")).toBe(1);
    const r = await h.lambda.send(
      new InvokeCommand({
        FunctionName: "modes",
        Payload: Buffer.from('{"mode":"sleep"}'),
        LogType: "Tail",
      }),
    );
    expect(r.FunctionError).toBe("Unhandled");
    const doc = parse(r.Payload);
    expect(doc.errorType).toBe("Sandbox.Timedout");
    expect(doc.errorMessage).toMatch(
      new RegExp(
        `^RequestId: ${r.$metadata.requestId} Error: Task timed out after 1\\.\\d\\d seconds$`,
      ),
    );
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString();
    expect(tail).toMatch(
      new RegExp(`\\dZ ${r.$metadata.requestId} Task timed out after 1\\.\\d\\d seconds`),
    );
    expect(tail).toContain("Status: timeout");
    // The timed-out environment is killed: the engine holds none for the function any more...
    await expect.poll(() => h.invoker.environmentCount("modes")).toBe(0);
    const next = await h.lambda.send(
      new InvokeCommand({ FunctionName: "modes", Payload: Buffer.from("{}") }),
    );
    expect(parse(next.Payload).ok).toBe(true);
    // ...and the next invoke runs in a new one (each environment has its own log stream).
    expect(parse(next.Payload).stream).toEqual(expect.any(String));
    expect(parse(next.Payload).stream).not.toBe(parse(warm.Payload).stream);
  });

  test("process exit during an invoke is Runtime.ExitError; the next invoke gets a new environment", async () => {
    const r = await h.lambda.send(
      new InvokeCommand({ FunctionName: "modes", Payload: Buffer.from('{"mode":"exit"}') }),
    );
    expect(r.FunctionError).toBe("Unhandled");
    expect(parse(r.Payload)).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${r.$metadata.requestId} Error: Runtime exited with error: exit status 1`,
    });
    const next = await h.lambda.send(
      new InvokeCommand({ FunctionName: "modes", Payload: Buffer.from("{}"), LogType: "Tail" }),
    );
    expect(parse(next.Payload).ok).toBe(true);
    expect(Buffer.from(next.LogResult ?? "", "base64").toString()).toContain("Init Duration:");
  });

  test("allocating 300 MB with 128 MB is Runtime.OutOfMemory; the next invoke works", async () => {
    const r = await h.lambda.send(
      new InvokeCommand({
        FunctionName: "modes",
        Payload: Buffer.from('{"mode":"oom"}'),
        LogType: "Tail",
      }),
    );
    expect(r.FunctionError).toBe("Unhandled");
    const doc = parse(r.Payload);
    expect(doc.errorType).toBe("Runtime.OutOfMemory");
    expect(doc.errorMessage).toMatch(
      /^RequestId: .+ Error: Runtime exited with error: (signal: killed|signal: aborted)/,
    );
    expect(Buffer.from(r.LogResult ?? "", "base64").toString()).toContain(
      "Error Type: Runtime.OutOfMemory",
    );
    const next = await h.lambda.send(
      new InvokeCommand({ FunctionName: "modes", Payload: Buffer.from("{}") }),
    );
    expect(parse(next.Payload).ok).toBe(true);
  });
});

describe("pool and concurrency", () => {
  test("reuses a warm environment, and two concurrent invokes get two environments", async () => {
    h.add({
      name: "pids",
      runtime: "nodejs20.x",
      files: {
        "index.js": `let n = 0; exports.handler = async (e) => { n++; await new Promise((r) => setTimeout(r, e.wait ?? 0)); return { pid: process.env.AWS_LAMBDA_LOG_STREAM_NAME, n }; };`,
      },
    });
    const a = parse((await h.lambda.send(new InvokeCommand({ FunctionName: "pids" }))).Payload);
    const b = parse((await h.lambda.send(new InvokeCommand({ FunctionName: "pids" }))).Payload);
    expect(b.pid).toBe(a.pid);
    expect(b.n).toBe(2);
    const [c, d] = await Promise.all([
      h.lambda.send(
        new InvokeCommand({ FunctionName: "pids", Payload: Buffer.from('{"wait":300}') }),
      ),
      h.lambda.send(
        new InvokeCommand({ FunctionName: "pids", Payload: Buffer.from('{"wait":300}') }),
      ),
    ]);
    expect(parse(c.Payload).pid).not.toBe(parse(d.Payload).pid);
    expect(h.invoker.environmentCount("pids")).toBe(2);
  });

  test("over the reserved concurrency a sync invoke gets 429 with Reason and Retry-After", async () => {
    h.add({
      name: "one",
      runtime: "nodejs20.x",
      reservedConcurrency: 1,
      files: {
        "index.js": `exports.handler = async () => { await new Promise((r) => setTimeout(r, 400)); return 1; };`,
      },
    });
    const slow = h.lambda.send(new InvokeCommand({ FunctionName: "one" }));
    // The first invoke holds the one reserved slot once the engine has admitted it.
    await expect.poll(() => h.invoker.dispatcher.ledger.inFlightFor("one")).toBe(1);
    const err = await h.lambda.send(new InvokeCommand({ FunctionName: "one" })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      name: "TooManyRequestsException",
      message: "Rate Exceeded.",
      Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
    });
    expect(
      (err as { $response?: { headers: Record<string, string> } }).$response?.headers[
        "retry-after"
      ],
    ).toBeDefined();
    expect((await slow).StatusCode).toBe(200);
  });

  test("retire() drains and kills a function's environments; the next invoke starts fresh", async () => {
    const before = parse(
      (await h.lambda.send(new InvokeCommand({ FunctionName: "pids" }))).Payload,
    );
    h.invoker.retire("pids");
    expect(h.invoker.environmentCount("pids")).toBe(0);
    const after = parse((await h.lambda.send(new InvokeCommand({ FunctionName: "pids" }))).Payload);
    expect(after.pid).not.toBe(before.pid);
    expect(after.n).toBe(1);
  });
});

describe("the spawn helper", () => {
  test("dies: its environments are replaced, and the next invoke starts a new helper and works", async () => {
    h.add({ name: "survivor", runtime: "nodejs20.x", files: { "index.js": MODES } });
    const invoke = () =>
      h.lambda.send(new InvokeCommand({ FunctionName: "survivor", Payload: Buffer.from("{}") }));
    const first = parse((await invoke()).Payload);
    // The helper is this process's child running spawn-helper.py (other workers have their own).
    const helpers = execFileSync("pgrep", ["-P", String(process.pid), "-f", "spawn-helper.py"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    expect(helpers).toHaveLength(1);
    const helper = Number(helpers[0]);
    process.kill(helper, "SIGKILL");
    // Once the engine has reaped it, its processes are gone for the engine too.
    const alive = () => {
      try {
        process.kill(helper, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 5000 }).toBe(false);
    // The warm environment went with it (bubblewrap's --die-with-parent): the next invoke is a
    // cold start in a new environment, started by a new helper.
    const r = await invoke();
    const next = parse(r.Payload);
    expect(r.FunctionError).toBeUndefined();
    expect(next.ok).toBe(true);
    expect(next.pid).toBeDefined();
    const after = execFileSync("pgrep", ["-P", String(process.pid), "-f", "spawn-helper.py"], {
      encoding: "utf8",
    });
    expect(after.trim()).not.toBe(helpers[0]);
    expect(first.ok).toBe(true);
  });
});
