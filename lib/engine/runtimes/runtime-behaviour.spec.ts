import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { startInvokeHarness, type InvokeHarness } from "@/test/support/invoke/harness";

// Issue 21, runtime behaviour: what a function sees and what the caller and the log get when a
// runtime ends, crashes or fails, compared with Lambda's own answers.
let h: InvokeHarness;
const parse = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;
const tail = (r: { LogResult?: string }) => Buffer.from(r.LogResult ?? "", "base64").toString();

beforeAll(async () => {
  h = await startInvokeHarness("rt-behaviour-");
  h.add({
    name: "node",
    runtime: "nodejs20.x",
    files: {
      "index.js": `const atInit = process.moduleLoadList.filter((m) => /^NativeModule (worker_threads|internal\\/worker)$/.test(m));
exports.handler = async (event) => {
  if (event.mode === "builtins") return atInit;
  if (event.mode === "exit0") process.exit(0);
  if (event.mode === "segv") process.kill(process.pid, "SIGSEGV");
  if (event.mode === "limits") return require("fs").readFileSync("/proc/self/limits", "utf8");
  if (event.mode === "fds") { const fs = require("fs"); const fds = []; try { for (;;) fds.push(fs.openSync("/dev/null", "r")); } catch (e) { fds.forEach((f) => fs.closeSync(f)); return e.code; } }
  return "ok";
};`,
    },
  });
  h.add({
    name: "py",
    runtime: "python3.11",
    handler: "app.handler",
    files: {
      "app.py": "def handler(event, context):\n    raise ValueError('boom')\n",
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

const invoke = (name: string, event: unknown) =>
  h.lambda.send(
    new InvokeCommand({
      FunctionName: name,
      Payload: Buffer.from(JSON.stringify(event)),
      LogType: "Tail",
    }),
  );

describe("runtime behaviour as on Lambda", () => {
  it("a runtime exiting 0 mid-invoke: Runtime.ExitError 'Runtime exited without providing a reason'", async () => {
    const r = await invoke("node", { mode: "exit0" });
    expect(r.FunctionError).toBe("Unhandled");
    expect(parse(r.Payload)).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${r.$metadata.requestId} Error: Runtime exited without providing a reason`,
    });
    expect(tail(r)).toContain(
      `RequestId: ${r.$metadata.requestId} Error: Runtime exited without providing a reason\nRuntime.ExitError`,
    );
  });

  it("a segfault: Runtime.ExitError 'signal: segmentation fault'", async () => {
    const r = await invoke("node", { mode: "segv" });
    expect(parse(r.Payload)).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${r.$metadata.requestId} Error: Runtime exited with error: signal: segmentation fault`,
    });
  });

  it("runs under Lambda's limits: 1024 open files and 1024 processes, soft and hard", async () => {
    const r = await invoke("node", { mode: "limits" });
    const text = JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as string;
    expect(text).toMatch(/^Max open files\s+1024\s+1024\s+files\s*$/m);
    expect(text).toMatch(/^Max processes\s+1024\s+1024\s+processes\s*$/m);
    const fds = await invoke("node", { mode: "fds" });
    expect(JSON.parse(Buffer.from(fds.Payload ?? new Uint8Array()).toString())).toBe("EMFILE");
  });

  it("INIT_START names the runtime version and its ARN in Lambda's form", async () => {
    h.add({
      name: "fresh",
      runtime: "nodejs20.x",
      files: { "index.js": "exports.handler = async () => 1;" },
    });
    const r = await invoke("fresh", {});
    expect(tail(r)).toMatch(
      /^INIT_START Runtime Version: nodejs:20\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/m,
    );
  });

  it("AWS_LAMBDA_EXEC_WRAPPER missing or not executable, or no bootstrap: Runtime.InvalidEntrypoint in Lambda's words", async () => {
    const node = "exports.handler = async () => 1;";
    h.add({
      name: "no-wrapper",
      runtime: "nodejs20.x",
      files: { "index.js": node },
      env: { AWS_LAMBDA_EXEC_WRAPPER: "/var/task/missing-wrapper" },
    });
    h.add({
      name: "plain-wrapper",
      runtime: "python3.11",
      handler: "app.handler",
      files: {
        "app.py": "def handler(e, c):\n    return 1\n",
        "wrapper.sh": '#!/bin/sh\nexec "$@"\n',
      },
      env: { AWS_LAMBDA_EXEC_WRAPPER: "/var/task/wrapper.sh" },
    });
    h.add({ name: "no-bootstrap", runtime: "provided.al2023", files: { "main.sh": "" } });
    const cases: [string, string][] = [
      ["no-wrapper", "fork/exec /var/task/missing-wrapper: no such file or directory"],
      ["plain-wrapper", "fork/exec /var/task/wrapper.sh: permission denied"],
      ["no-bootstrap", "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"],
    ];
    for (const [name, why] of cases) {
      const r = await invoke(name, {});
      const message = `RequestId: ${r.$metadata.requestId} Error: ${why}`;
      expect(r.FunctionError).toBe("Unhandled");
      expect(parse(r.Payload)).toEqual({
        errorType: "Runtime.InvalidEntrypoint",
        errorMessage: message,
      });
      const log = tail(r);
      expect(log).toContain(`${message}\nRuntime.InvalidEntrypoint`);
      // Nothing of the engine's own machinery (bwrap, prlimit) reaches the function's log.
      expect(log).not.toMatch(/bwrap|prlimit|execvp/);
    }
  });

  it("no X-Ray trace in the Node.js context or _X_AMZN_TRACE_ID unless tracing is Active", async () => {
    const code = `exports.handler = async (e, context) => ({ ctx: JSON.parse(JSON.stringify(context)), env: process.env._X_AMZN_TRACE_ID ?? null });`;
    h.add({ name: "untraced", runtime: "nodejs20.x", files: { "index.js": code } });
    const traced = h.add({ name: "traced", runtime: "nodejs20.x", files: { "index.js": code } });
    traced.config.TracingConfig = { Mode: "Active" };
    const off = parse((await invoke("untraced", {})).Payload) as {
      ctx: Record<string, unknown>;
      env: string | null;
    };
    expect(off.ctx).not.toHaveProperty("xRayTraceId");
    expect(off.ctx.awsRequestId).toEqual(expect.any(String));
    expect(off.env).toBeNull();
    const on = parse((await invoke("traced", {})).Payload) as {
      ctx: Record<string, unknown>;
      env: string | null;
    };
    expect(on.ctx.xRayTraceId).toMatch(
      /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/,
    );
    expect(on.env).toBe(on.ctx.xRayTraceId);
  });

  it("the runtime client loads no worker_threads it does not use (issue 18: no cold start compiles it)", async () => {
    const r = await invoke("node", { mode: "builtins" });
    expect(r.FunctionError).toBeUndefined();
    expect(parse(r.Payload)).toEqual([]);
  });

  it("a Python error's stack trace starts in the user's code, not in the runtime's bootstrap", async () => {
    const r = await invoke("py", {});
    const doc = parse(r.Payload);
    expect(doc.errorType).toBe("ValueError");
    const trace = doc.stackTrace as string[];
    expect(trace).toHaveLength(1);
    expect(trace[0]).toContain('File "/var/task/app.py", line 2, in handler');
    expect(tail(r)).not.toContain("bootstrap.py");
  });
});
