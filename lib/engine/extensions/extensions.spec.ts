import { describe, expect } from "vitest";
import { makeZip, type TestEngine } from "@/test/support/lambda";

import { engineTest } from "@/test/support/fixtures";
import { extensionCalls, indexOf } from "@/test/support/extension-functions";

const test = engineTest("extensions-");
let t: TestEngine;
let layers: { shell: string; node: string } = { shell: "", node: "" };
const { publish, create, invoke } = extensionCalls(() => t);

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  layers = await extensionCalls(() => t).publishTestExtensions();
}, 60_000);

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
});
