import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  type LoggingConfig,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  createInput,
  failure,
  logsClientFor,
  makeZip,
  startTestEngine,
  type TestEngine,
} from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

let t: TestEngine;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  t = await startTestEngine("logging-config-");
  logs = logsClientFor(t.engine);
});
afterAll(async () => {
  logs?.destroy();
  await t?.close();
});

const NODE_LEVELS = makeZip({
  "index.js": `exports.handler = async () => {
  console.debug("app debug"); console.info("app info"); console.log("app log");
  console.warn("app warn"); console.error("app error");
  return "done";
};`,
});
const PY_LEVELS = makeZip({
  "app.py": `import logging
logger = logging.getLogger()
def handler(event, context):
    logger.debug("app debug")
    logger.info("app info")
    logger.warning("app warn")
    logger.error("app error")
    return "done"
`,
});

async function deploy(name: string, logging: LoggingConfig, python = false): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput(name, {
        LoggingConfig: logging,
        Timeout: 30,
        ...(python
          ? { Runtime: "python3.12", Handler: "app.handler", Code: { ZipFile: PY_LEVELS } }
          : { Code: { ZipFile: NODE_LEVELS } }),
      }),
    ),
  );
  await settled(t.lambda, name);
}

async function invoke(name: string): Promise<string> {
  const r = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
  expect(r.FunctionError).toBeUndefined();
  return r.$metadata.requestId ?? "";
}

/** The group's events once the REPORT (or, without it, the given count) is in. */
async function eventsOf(group: string, until: (m: string[]) => boolean): Promise<string[]> {
  let messages: string[] = [];
  await expect
    .poll(
      async () => {
        const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
        messages = (out.events ?? []).map((e) => e.message ?? "");
        return until(messages);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return messages;
}

type Record_ = { type?: string; level?: string; message?: string; record?: unknown };
const parseAll = (messages: string[]) => messages.map((m) => JSON.parse(m) as Record_);

describe("LoggingConfig", () => {
  it("JSON + WARN: only WARN and above of the app, in JSON, in the custom group it creates", async () => {
    await deploy("json-warn", {
      LogFormat: "JSON",
      ApplicationLogLevel: "WARN",
      LogGroup: "/custom/json-warn",
    });
    const requestId = await invoke("json-warn");
    const messages = await eventsOf("/custom/json-warn", (m) =>
      m.some((l) => l.includes('"platform.report"')),
    );
    const records = parseAll(messages); // every line parses: the group holds JSON only
    // The function's own records (not the engine's INFO notice of which Node.js ran, written when
    // the function's Node.js is not the engine's: a system record, as SystemLogLevel WARN shows).
    const app = records.filter(
      (r) =>
        r.level !== undefined && r.type === undefined && !r.message?.startsWith("[lambda-console]"),
    );
    expect(app.map((r) => [r.level, r.message])).toEqual([
      ["WARN", "app warn"],
      ["ERROR", "app error"],
    ]);
    // SystemLogLevel defaulted to INFO: start and report, not the DEBUG runtimeDone.
    expect(records.map((r) => r.type).filter(Boolean)).toEqual([
      "platform.initStart",
      "platform.start",
      "platform.report",
    ]);
    expect(records.find((r) => r.type === "platform.report")?.record).toMatchObject({ requestId });

    const groups = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/custom/" }),
    );
    expect(groups.logGroups?.map((g) => g.logGroupName)).toContain("/custom/json-warn");
    const fallback = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/lambda/json-warn" }),
    );
    expect(fallback.logGroups ?? []).toEqual([]);
  }, 60_000);

  it("Python's runtime filters by the level too", async () => {
    await deploy(
      "py-error",
      { LogFormat: "JSON", ApplicationLogLevel: "ERROR", LogGroup: "/custom/py-error" },
      true,
    );
    await invoke("py-error");
    const records = parseAll(
      await eventsOf("/custom/py-error", (m) => m.some((l) => l.includes('"platform.report"'))),
    );
    const app = records.filter((r) => r.type === undefined && r.message?.startsWith("app "));
    expect(app.map((r) => [r.level, r.message])).toEqual([["ERROR", "app error"]]);
  }, 60_000);

  it("SystemLogLevel WARN drops the platform records; DEBUG adds runtimeDone", async () => {
    await deploy("sys-warn", { LogFormat: "JSON", SystemLogLevel: "WARN" });
    await invoke("sys-warn");
    const quiet = parseAll(
      await eventsOf("/aws/lambda/sys-warn", (m) => m.some((l) => l.includes("app error"))),
    );
    expect(quiet.filter((r) => r.type !== undefined)).toEqual([]);
    // INFO is the application default: debug is dropped, info/log kept.
    expect(quiet.map((r) => r.message)).toEqual(["app info", "app log", "app warn", "app error"]);

    await deploy("sys-debug", { LogFormat: "JSON", SystemLogLevel: "DEBUG" });
    await invoke("sys-debug");
    const loud = parseAll(
      await eventsOf("/aws/lambda/sys-debug", (m) =>
        m.some((l) => l.includes('"platform.report"')),
      ),
    );
    expect(loud.map((r) => r.type).filter(Boolean)).toEqual([
      "platform.initStart",
      "platform.start",
      "platform.runtimeDone",
      "platform.report",
    ]);
  }, 60_000);

  it("levels need JSON (AWS's message); going back to Text drops them and logs plain lines", async () => {
    const e = await failure(
      t.lambda.send(
        new CreateFunctionCommand(
          createInput("text-level", {
            LoggingConfig: { LogFormat: "Text", ApplicationLogLevel: "WARN" },
          }),
        ),
      ),
    );
    expect(e).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message:
        'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again.',
    });
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "sys-debug",
        LoggingConfig: { LogFormat: "Text" },
      }),
    );
    const text = await settled(t.lambda, "sys-debug");
    expect(text.LoggingConfig).toEqual({ LogFormat: "Text", LogGroup: "/aws/lambda/sys-debug" });
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "sys-debug", LogType: "Tail" }),
    );
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString("utf8");
    expect(tail).toMatch(/^START RequestId: /m);
    expect(tail).toMatch(/^END RequestId: /m);
    expect(tail).toContain("\tDEBUG\tapp debug"); // Text: no application level filtering
  }, 60_000);
});

describe("ApplicationLogLevel on a provided runtime", () => {
  it("Lambda filters JSON lines by their level and counts plain lines as INFO", async () => {
    const bootstrap = `#!/bin/sh
set -e
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
while true; do
  HEADERS=$(mktemp)
  curl -sS -D "$HEADERS" "$API/next" > /dev/null
  ID=$(grep -i lambda-runtime-aws-request-id "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
  echo '{"level":"debug","msg":"shell debug"}'
  echo 'shell plain'
  echo '{"level":"warn","msg":"shell warn"}'
  echo '{"level":"error","msg":"shell error"}'
  curl -sS -X POST "$API/$ID/response" -d '"ok"' > /dev/null
done
`;
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("shell-warn", {
          Runtime: "provided.al2023",
          Handler: "function.handler",
          Code: { ZipFile: makeZip({ bootstrap: [bootstrap, 0o755] }) },
          LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "WARN" },
        }),
      ),
    );
    await settled(t.lambda, "shell-warn");
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "shell-warn", LogType: "Tail" }),
    );
    expect(r.FunctionError).toBeUndefined();
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString("utf8");
    expect(tail).toContain("shell warn");
    expect(tail).toContain("shell error");
    expect(tail).not.toContain("shell debug");
    expect(tail).not.toContain("shell plain");
  }, 60_000);
});
