import { describe, expect } from "vitest";
import { makeZip, type TestEngine } from "@/test/support/lambda";

import { engineTest } from "@/test/support/fixtures";
import { SHELL_EXTENSION } from "@/test/support/test-extensions";
import { extensionCalls } from "@/test/support/extension-functions";

const test = engineTest("extension-failures-");
let t: TestEngine;
let layers: { shell: string; node: string } = { shell: "", node: "" };
const { publish, create, invoke, messages } = extensionCalls(() => t);

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  layers = await extensionCalls(() => t).publishTestExtensions();
}, 60_000);

describe("Extensions API: failing and stuck extensions", () => {
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
});
