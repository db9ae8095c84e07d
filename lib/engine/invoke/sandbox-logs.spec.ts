import { describe, expect } from "vitest";
import { ENGINE_PORT_INSIDE } from "../sandbox/network";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

let h: InvokeHarness;
const parse = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>;
const invoke = (
  name: string,
  payload = "{}",
  extra: Partial<ConstructorParameters<typeof InvokeCommand>[0]> = {},
) =>
  h.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload), ...extra }));

const test = harnessTest("sbx-spec-", {
  LAMBDA_ENGINE_SECRET_ACCESS_KEY: "engine-secret-never-in-functions",
  LAMBDA_ENGINE_ACCESS_KEY_ID: "AKIAENGINEROOTKEY000",
});

test.beforeAll(({ harness }) => {
  h = harness;
});

const PROBE = `const fs = require("node:fs");
exports.handler = async () => {
  const tryWrite = (p) => { try { fs.writeFileSync(p, "x"); return "written"; } catch (e) { return e.code; } };
  const exists = (p) => fs.existsSync(p);
  return {
    env: process.env,
    taskWrite: tryWrite("/var/task/new-file"),
    tmpWrite: tryWrite("/tmp/ok"),
    dataDir: exists(${JSON.stringify("__DATA__")}),
    root: exists("/root"), cwd: process.cwd(),
  };
};`;

describe("sandbox and environment variables", () => {
  test("sets Lambda's reserved variables and the user's, and hides the engine's secrets and data", async () => {
    const dataDir = h.engine.ctx.config.dataDir;
    h.add({
      name: "probe",
      runtime: "nodejs20.x",
      env: { GREETING: "hi", AWS_REGION: "eu-west-9" },
      files: { "index.js": PROBE.replace("__DATA__", dataDir) },
    });
    const out = parse((await invoke("probe")).Payload);
    const env = out.env as Record<string, string>;
    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: "probe",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
      AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/probe",
      _HANDLER: "index.handler",
      LAMBDA_TASK_ROOT: "/var/task",
      LAMBDA_RUNTIME_DIR: "/var/runtime",
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_REGION: "us-east-1", // reserved: the user's value does not win
      AWS_DEFAULT_REGION: "us-east-1",
      TZ: ":UTC",
      GREETING: "hi",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${ENGINE_PORT_INSIDE}`,
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(
      /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/,
    );
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(env.AWS_SESSION_TOKEN).toBeTruthy();
    expect(env.NODE_PATH).toContain("/var/task");
    const all = JSON.stringify(env);
    expect(all).not.toContain("engine-secret-never-in-functions");
    expect(all).not.toContain("AKIAENGINEROOTKEY000");
    expect(all).not.toContain(dataDir);
    expect(
      Object.keys(env).some(
        (k) => k.startsWith("LAMBDA_ENGINE") || k.startsWith("LAMBDA_CONSOLE") || k === "VITEST",
      ),
    ).toBe(false);
    // Sandbox-only facts (bubblewrap is installed on the machines these specs run on).
    expect(out.taskWrite).toMatch(/^(EROFS|EACCES)$/);
    expect(out.tmpWrite).toBe("written");
    expect(out.dataDir).toBe(false);
    expect(out.root).toBe(false);
    expect(out.cwd).toBe("/var/task");
  });

  test("revokes an environment's session credentials when it dies", async () => {
    const env = parse((await invoke("probe")).Payload).env as Record<string, string>;
    const keyId = env.AWS_ACCESS_KEY_ID ?? "";
    expect(h.engine.credentials.lookup(keyId)).toBeDefined();
    h.invoker.retire("probe");
    expect(h.engine.credentials.lookup(keyId)).toBeUndefined();
  });
});

describe("log lines", () => {
  test("writes START / END / REPORT in AWS's format, Init Duration only on the cold start, to a per-environment stream", async () => {
    h.add({
      name: "logger",
      runtime: "nodejs20.x",
      files: {
        "index.js": `exports.handler = async (e) => { console.log("line one\\nline two"); return 1; };`,
      },
    });
    const cold = await invoke("logger");
    const warm = await invoke("logger");
    const lines = await h.logLines("logger");
    const ids = [cold.$metadata.requestId, warm.$metadata.requestId];
    for (const id of ids) {
      expect(lines).toContain(`START RequestId: ${id} Version: $LATEST`);
      expect(lines).toContain(`END RequestId: ${id}`);
    }
    const reports = lines.filter((l) => l.startsWith("REPORT"));
    expect(reports).toHaveLength(2);
    const re =
      /^REPORT RequestId: (\S+)\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t(Init Duration: \d+\.\d\d ms\t)?$/;
    const [r1 = "", r2 = ""] = reports;
    expect(r1).toMatch(re);
    expect(r2).toMatch(re);
    expect(r1).toContain(`RequestId: ${ids[0]}\t`);
    expect(r1).toContain("Init Duration:");
    expect(r2).not.toContain("Init Duration:");
    expect(lines.some((l) => l.startsWith("INIT_START Runtime Version: nodejs:20"))).toBe(true);
    // ric's multi-line console.log is one event, as on Lambda.
    expect(lines.some((l) => /\tINFO\tline one\nline two$/.test(l))).toBe(true);
    const initMs = Number(/Init Duration: ([\d.]+)/.exec(r1)?.[1]);
    const warmMs = Number(/Duration: ([\d.]+)/.exec(r2)?.[1]);
    console.log(
      `[figures] node cold start: Init Duration ${initMs.toFixed(1)} ms; warm invoke Duration ${warmMs.toFixed(2)} ms`,
    );
  });

  test("writes platform lines as JSON when LoggingConfig.LogFormat is JSON, and the runtime logs JSON", async () => {
    h.add({
      name: "jsonlog",
      runtime: "nodejs20.x",
      logFormat: "JSON",
      files: {
        "index.js": `exports.handler = async () => { console.log("hello json"); return 1; };`,
      },
    });
    const r = await invoke("jsonlog");
    const lines = (await h.logLines("jsonlog")).map(
      (l) => JSON.parse(l) as Record<string, unknown>,
    );
    const types = lines.map((l) => l.type).filter(Boolean);
    // SystemLogLevel defaults to INFO: platform.runtimeDone is a DEBUG record (logging-config.spec.ts).
    expect(types).toEqual(["platform.initStart", "platform.start", "platform.report"]);
    const report = lines.find((l) => l.type === "platform.report") as {
      record: { requestId: string; metrics: Record<string, number> };
    };
    expect(report.record.requestId).toBe(r.$metadata.requestId);
    expect(report.record.metrics).toMatchObject({ memorySizeMB: 128 });
    expect(report.record.metrics.initDurationMs).toBeGreaterThan(0);
    expect(lines.find((l) => l.message === "hello json")).toMatchObject({
      level: "INFO",
      requestId: r.$metadata.requestId,
    });
  });
});

describe("the Invoke route", () => {
  test("answers DryRun 204, Event 202 (and runs it), 404 for unknown functions", async () => {
    h.add({
      name: "evt",
      runtime: "nodejs20.x",
      files: {
        "index.js": `exports.handler = async (e) => { console.log("event ran " + e.tag); return 1; };`,
      },
    });
    expect((await invoke("evt", "{}", { InvocationType: "DryRun" })).StatusCode).toBe(204);
    expect((await invoke("evt", '{"tag":"bg1"}', { InvocationType: "Event" })).StatusCode).toBe(
      202,
    );
    await expect
      .poll(async () => (await h.logLines("evt")).some((l) => l.includes("event ran bg1")), {
        timeout: 10_000,
      })
      .toBe(true);
    await expect(invoke("nope")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });

  test("accepts partial and full ARNs with a qualifier", async () => {
    const r = await invoke("000000000000:function:evt:$LATEST");
    expect(r.ExecutedVersion).toBe("$LATEST");
    const full = await invoke("arn:aws:lambda:us-east-1:000000000000:function:evt");
    expect(full.StatusCode).toBe(200);
  });

  test("refuses bad payloads as Lambda does", async () => {
    await expect(invoke("evt", "not json")).rejects.toMatchObject({
      name: "InvalidRequestContentException",
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(/^Could not parse request body into json: /),
    });
    const big = JSON.stringify({ s: "x".repeat(6 * 1024 * 1024) });
    await expect(invoke("evt", big)).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      $metadata: { httpStatusCode: 413 },
      message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
    });
    const async = JSON.stringify({ s: "x".repeat(1024 * 1024) });
    await expect(invoke("evt", async, { InvocationType: "Event" })).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
  });

  test("turns a response over 6 MB into Function.ResponseSizeTooLarge", async () => {
    h.add({
      name: "huge",
      runtime: "nodejs20.x",
      memory: 512,
      files: { "index.js": `exports.handler = async () => "y".repeat(7 * 1024 * 1024);` },
    });
    const r = await invoke("huge");
    expect(r.FunctionError).toBe("Unhandled");
    expect(parse(r.Payload)).toMatchObject({ errorType: "Function.ResponseSizeTooLarge" });
  });
});
