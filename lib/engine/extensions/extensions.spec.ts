import {
  CreateFunctionCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  PublishLayerVersionCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand, CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, describe, expect } from "vitest";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { NODE_EXTENSION, SHELL_EXTENSION, TELEMETRY_READER } from "@/test/support/test-extensions";

let t: TestEngine;
let logs: CloudWatchLogsClient;
const layers: Record<string, string> = {};

async function publish(name: string, files: Parameters<typeof makeZip>[0]): Promise<string> {
  const r = await t.lambda.send(
    new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: makeZip(files) } }),
  );
  return r.LayerVersionArn ?? "";
}

async function create(name: string, extra: Partial<CreateFunctionCommandInput>): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput(name, {
        Code: { ZipFile: makeZip({ "index.js": TELEMETRY_READER }) },
        Timeout: 5,
        ...extra,
      }),
    ),
  );
  await settled(t.lambda, name);
}

async function invoke(name: string, payload: unknown = {}) {
  const r = await t.lambda.send(
    new InvokeCommand({
      FunctionName: name,
      Payload: Buffer.from(JSON.stringify(payload)),
      LogType: "Tail",
    }),
  );
  return {
    functionError: r.FunctionError,
    body: JSON.parse(Buffer.from(r.Payload ?? []).toString() || "null") as Record<string, unknown>,
    tail: Buffer.from(r.LogResult ?? "", "base64").toString(),
  };
}

/** Every message of the function's log group, in order. */
async function messages(name: string): Promise<string[]> {
  const out = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` }));
  return (out.events ?? []).map((e) => e.message ?? "");
}

function logsClient(): CloudWatchLogsClient {
  const { accessKeyId, secretAccessKey } = t.engine.ctx.config;
  return new CloudWatchLogsClient({
    endpoint: t.engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
  });
}

const indexOf = (lines: string[], re: RegExp) => lines.findIndex((l) => re.test(l));

const test = engineTest("extensions-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  logs = logsClient();
  layers.shell = await publish("shell-ext", {
    "extensions/shell-ext": [SHELL_EXTENSION, 0o755],
  });
  layers.node = await publish("node-ext", { "extensions/node-ext": [NODE_EXTENSION, 0o755] });
}, 60_000);

afterAll(async () => {
  logs?.destroy();
});

describe("Extensions API and Telemetry API", () => {
  test("starts /opt/extensions before the runtime: registration, EXTENSION lines, INVOKE to each, post-runtime time in the duration", async () => {
    await create("ext-life", {
      Layers: [layers.shell ?? "", layers.node ?? ""],
      Environment: { Variables: { EXT_POST_S: "0.4" } },
    });
    const first = await invoke("ext-life", { n: 1 });
    expect(first.functionError).toBeUndefined();
    const tail = first.tail;
    expect(tail).toContain("EXTENSION\tName: node-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]");
    expect(tail).toContain("EXTENSION\tName: shell-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]");
    expect(tail).toContain(
      "TELEMETRY\tName: node-ext\tState: Subscribed\tTypes: [Platform, Function, Extension]",
    );
    const lines = tail.split("\n");
    const start = indexOf(lines, /^START RequestId/);
    const report = indexOf(lines, /^REPORT RequestId/);
    expect(indexOf(lines, /^INIT_START/)).toBeLessThan(
      indexOf(lines, /^EXTENSION\tName: node-ext/),
    );
    expect(indexOf(lines, /^EXTENSION/)).toBeLessThan(start);
    // The shell extension saw the INVOKE between START and REPORT, and its 400 ms count.
    const sawInvoke = indexOf(lines, /^\[shell-ext\] event \{"eventType":"INVOKE"/);
    expect(sawInvoke).toBeGreaterThan(start);
    expect(sawInvoke).toBeLessThan(report);
    const duration = Number(/Duration: ([\d.]+) ms/.exec(lines[report] ?? "")?.[1]);
    expect(duration).toBeGreaterThanOrEqual(400);
    const billed = Number(/Billed Duration: (\d+) ms/.exec(lines[report] ?? "")?.[1]);
    expect(billed).toBeGreaterThanOrEqual(Math.ceil(duration));
    // The register response carries the function's facts (and the account, when asked).
    expect(tail).toMatch(
      /\[node-ext\] registered [0-9a-f-]{36} \{"functionName":"ext-life","functionVersion":"\$LATEST","handler":"index.handler","accountId":"\d{12}"\}/,
    );
  }, 60_000);

  test("delivers telemetry to the extension's listener in Lambda's shapes and order", async () => {
    let events: { type: string; record: Record<string, unknown> | string }[] = [];
    await expect
      .poll(
        async () => {
          const r = await invoke("ext-life", { n: 2 });
          events = (r.body.telemetry ?? []) as typeof events;
          return events.filter((e) => e.type === "platform.report").length;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBeGreaterThanOrEqual(1);
    const types = events.map((e) => e.type);
    const order = [
      "platform.initStart",
      "platform.initRuntimeDone",
      "platform.extension",
      "platform.initReport",
      "platform.start",
      "platform.runtimeDone",
      "platform.report",
    ].map((type) => types.indexOf(type));
    expect(
      order.every((i) => i >= 0),
      types.join(" "),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(types).toContain("platform.telemetrySubscription");
    const start = events.find((e) => e.type === "platform.start")?.record as Record<
      string,
      unknown
    >;
    expect(start).toMatchObject({ version: "$LATEST" });
    const requestId = start.requestId;
    expect(events.find((e) => e.type === "platform.runtimeDone")?.record).toMatchObject({
      requestId,
      status: "success",
      metrics: { durationMs: expect.any(Number), producedBytes: expect.any(Number) },
    });
    const report = events.find((e) => e.type === "platform.report")?.record;
    expect(report).toMatchObject({
      spans: [{ name: "extensionOverhead", durationMs: expect.any(Number) }],
    });
    // The span is the part of the extension's 400 ms left after the runtime answered; the
    // invoke's duration includes it.
    const r = report as { spans: { durationMs: number }[]; metrics: { durationMs: number } };
    expect(r.spans[0]?.durationMs).toBeGreaterThan(0);
    expect(r.metrics.durationMs).toBeGreaterThanOrEqual(400);
    expect(report).toMatchObject({
      requestId,
      metrics: {
        durationMs: expect.any(Number),
        billedDurationMs: expect.any(Number),
        memorySizeMB: 128,
        maxMemoryUsedMB: expect.any(Number),
        initDurationMs: expect.any(Number),
      },
    });
    expect(events.find((e) => e.type === "platform.initStart")?.record).toMatchObject({
      initializationType: "on-demand",
      phase: "init",
    });
    // The function's own line and the extensions' lines, on their streams.
    expect(
      events.some((e) => e.type === "function" && String(e.record).includes("handler says hello")),
    ).toBe(true);
    expect(
      events.some((e) => e.type === "extension" && String(e.record).includes("[shell-ext] event")),
    ).toBe(true);
  }, 60_000);

  test("a crashing extension fails init with Extension.Crash", async () => {
    await create("ext-crash", {
      Layers: [layers.shell ?? ""],
      Environment: { Variables: { EXT_MODE: "crash" } },
    });
    const r = await invoke("ext-crash");
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toMatchObject({ errorType: "Extension.Crash" });
    expect(r.tail).toContain("[shell-ext] crashing");
    expect(r.tail).toMatch(/REPORT RequestId: .*Status: error\tError Type: Extension.Crash/);
  }, 60_000);

  test("an extension crashing during an invoke fails it with Extension.Crash; the next invoke starts a new environment", async () => {
    await create("ext-crash-invoke", {
      Layers: [layers.shell ?? ""],
      Environment: { Variables: { EXT_MODE: "crashoninvoke" } },
    });
    const r = await invoke("ext-crash-invoke", { sleepMs: 3000 });
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toMatchObject({
      errorType: "Extension.Crash",
      errorMessage: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: exit status 2$/),
    });
    expect(r.tail).toContain("[shell-ext] crashing on invoke");
    expect(r.tail).toMatch(/REPORT RequestId: .*Status: error\tError Type: Extension.Crash/);
    expect((await invoke("ext-crash-invoke", { sleepMs: 3000 })).tail).toMatch(/^INIT_START/m);
  }, 60_000);

  test("more than 10 extensions fail the init with Extension.LaunchError", async () => {
    const files: Parameters<typeof makeZip>[0] = {};
    for (let i = 0; i < 11; i++) files[`extensions/ext-${i}`] = [SHELL_EXTENSION, 0o755];
    await create("ext-eleven", { Layers: [await publish("eleven", files)] });
    const r = await invoke("ext-eleven");
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toMatchObject({
      errorType: "Extension.LaunchError",
      errorMessage: expect.stringContaining("TooManyExtensions"),
    });
  }, 60_000);

  test("writes platform.extension and platform.telemetrySubscription records with LogFormat JSON", async () => {
    await create("ext-json", {
      Layers: [layers.node ?? ""],
      LoggingConfig: { LogFormat: "JSON" },
    });
    const r = await invoke("ext-json");
    expect(r.functionError).toBeUndefined();
    const records = r.tail
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { type?: string; record?: unknown });
    expect(records.find((e) => e.type === "platform.extension")?.record).toEqual({
      name: "node-ext",
      state: "Ready",
      events: ["INVOKE", "SHUTDOWN"],
    });
    expect(records.find((e) => e.type === "platform.telemetrySubscription")?.record).toEqual({
      name: "node-ext",
      state: "Subscribed",
      types: ["platform", "function", "extension"],
    });
  }, 60_000);

  test("an extension that never registers holds the runtime back until the init times out", async () => {
    await create("ext-slow-init", {
      Layers: [layers.shell ?? ""],
      Timeout: 1,
      Environment: { Variables: { EXT_MODE: "slowinit" } },
    });
    const r = await invoke("ext-slow-init");
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toMatchObject({ errorType: "Sandbox.Timedout" });
    // The runtime never started: its handler's line is not in the log.
    expect(r.tail).not.toContain("handler says hello");
    expect(r.tail).toMatch(/REPORT RequestId: .*Status: timeout/);
  }, 60_000);

  test("init/error fails init with Extension.InitError and the EXTENSION line says so", async () => {
    await create("ext-initerror", {
      Layers: [layers.shell ?? ""],
      Environment: { Variables: { EXT_MODE: "initerror" } },
    });
    const r = await invoke("ext-initerror");
    expect(r.functionError).toBe("Unhandled");
    expect(r.body).toMatchObject({ errorType: "Extension.InitError" });
    expect(r.tail).toContain(
      "EXTENSION\tName: shell-ext\tState: InitError\tEvents: [INVOKE,SHUTDOWN]\tError Type: Extension.ConfigInvalid",
    );
  }, 60_000);

  test("an extension that never finishes its invoke times the invoke out after the caller has its answer", async () => {
    await create("ext-hang", {
      Layers: [layers.shell ?? ""],
      Timeout: 2,
      Environment: { Variables: { EXT_MODE: "hang" } },
    });
    const r = await invoke("ext-hang", { x: 1 });
    // The runtime answered: the caller gets the response, as on Lambda.
    expect(r.functionError).toBeUndefined();
    expect(r.body).toMatchObject({ telemetry: [] });
    await expect
      .poll(async () => (await messages("ext-hang")).join("\n"), { timeout: 15_000 })
      .toMatch(/REPORT RequestId: .*Status: timeout/);
    // The environment was reset: the next invoke starts a new one.
    const next = await invoke("ext-hang", { x: 2 });
    expect(next.tail).toMatch(/^INIT_START/m);
  }, 60_000);

  test("SHUTDOWN (spindown, with its deadline) when the environment is reclaimed", async () => {
    await create("ext-shutdown", { Layers: [layers.shell ?? ""] });
    await invoke("ext-shutdown");
    // A configuration change retires the environment.
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "ext-shutdown", Description: "v2" }),
    );
    await expect
      .poll(async () => (await messages("ext-shutdown")).join("\n"), { timeout: 15_000 })
      .toMatch(
        /\[shell-ext\] event \{"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":\d{13}\}/,
      );
    expect((await messages("ext-shutdown")).join("\n")).toContain("[shell-ext] shutting down");
  }, 60_000);

  test("SHUTDOWN (spindown) when the engine stops", async () => {
    await create("ext-engine-stop", { Layers: [layers.shell ?? ""] });
    await invoke("ext-engine-stop");
    await t.restart();
    logs.destroy();
    logs = logsClient();
    expect((await messages("ext-engine-stop")).join("\n")).toMatch(
      /\[shell-ext\] event \{"eventType":"SHUTDOWN","shutdownReason":"spindown"/,
    );
  }, 60_000);

  test("provisioned environments start their extensions ahead; a crashing one fails the allocation, not the engine", async () => {
    const statusOf = async (name: string, version: string) =>
      (
        await t.lambda.send(
          new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: version }),
        )
      ).Status;
    await create("ext-pc", { Layers: [layers.shell ?? ""] });
    const v = (await t.lambda.send(new PublishVersionCommand({ FunctionName: "ext-pc" }))).Version;
    await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: "ext-pc",
        Qualifier: v,
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    await expect.poll(() => statusOf("ext-pc", v ?? ""), { timeout: 20_000 }).toBe("READY");
    expect((await messages("ext-pc")).join("\n")).toContain(
      "EXTENSION\tName: shell-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]",
    );
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "ext-pc", Qualifier: v, LogType: "Tail" }),
    );
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString();
    expect(tail).not.toMatch(/^INIT_START/m);
    expect(tail).toMatch(/\[shell-ext\] event \{"eventType":"INVOKE"/);

    await create("ext-pc-crash", {
      Layers: [layers.shell ?? ""],
      Environment: { Variables: { EXT_MODE: "crash" } },
    });
    const c = (await t.lambda.send(new PublishVersionCommand({ FunctionName: "ext-pc-crash" })))
      .Version;
    await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: "ext-pc-crash",
        Qualifier: c,
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    await expect.poll(() => statusOf("ext-pc-crash", c ?? ""), { timeout: 20_000 }).toBe("FAILED");
  }, 60_000);

  test("AWS_LAMBDA_EXEC_WRAPPER starts the runtime through the wrapper; NODE_OPTIONS reach node", async () => {
    const wrapper = await publish("wrapper", {
      "wrapper.sh": ['#!/bin/sh\nexport WRAPPED_BY="$0"\nexec "$@"\n', 0o755],
      "preload.js": ["globalThis.preloaded = 'yes';\n", 0o644],
    });
    await create("ext-wrapper", {
      Layers: [wrapper],
      Environment: {
        Variables: {
          AWS_LAMBDA_EXEC_WRAPPER: "/opt/wrapper.sh",
          NODE_OPTIONS: "--require /opt/preload.js",
        },
      },
    });
    const r = await invoke("ext-wrapper");
    expect(r.functionError).toBeUndefined();
    expect(r.body).toMatchObject({ wrapped: "/opt/wrapper.sh", preloaded: "yes" });
    // Python's runtime starts through the wrapper too.
    await create("ext-wrapper-py", {
      Runtime: "python3.12",
      Handler: "main.handler",
      Code: {
        ZipFile: makeZip({
          "main.py":
            "import os\ndef handler(event, context):\n    return {'wrapped': os.environ.get('WRAPPED_BY')}\n",
        }),
      },
      Layers: [wrapper],
      Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: "/opt/wrapper.sh" } },
    });
    expect((await invoke("ext-wrapper-py")).body).toEqual({ wrapped: "/opt/wrapper.sh" });
  }, 60_000);

  test("an extension reaches only its own environment's APIs: another environment's identifier is unknown there", async () => {
    await create("ext-victim", { Layers: [layers.node ?? ""] });
    const victim = await invoke("ext-victim");
    const stolen = /\[node-ext\] registered ([0-9a-f-]{36})/.exec(victim.tail)?.[1];
    expect(stolen).toBeTruthy();
    await create("ext-thief", {
      Layers: [layers.node ?? ""],
      Environment: { Variables: { EXT_STEAL_ID: stolen ?? "" } },
    });
    const thief = await invoke("ext-thief");
    expect(thief.tail).toContain(
      `[node-ext] stolen id answered 403 {"errorMessage":"Unknown Lambda-Extension-Identifier","errorType":"Extension.UnknownExtensionIdentifier"}`,
    );
    // The victim's extension is untouched: its next invoke succeeds.
    expect((await invoke("ext-victim")).functionError).toBeUndefined();
  }, 60_000);
});
