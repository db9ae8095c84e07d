import {
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { describe, expect } from "vitest";
import type { TestEngine } from "@/test/support/lambda";

import { engineTest } from "@/test/support/fixtures";
import { extensionCalls } from "@/test/support/extension-functions";

const test = engineTest("extension-lifecycle-");
let t: TestEngine;
let layers: { shell: string; node: string } = { shell: "", node: "" };
const { create, invoke, messages } = extensionCalls(() => t);

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  layers = await extensionCalls(() => t).publishTestExtensions();
}, 60_000);

describe("Extensions API: shutdown, provisioned environments, isolation", () => {
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
