import { describe, expect } from "vitest";
import { InvokeCommand, CreateFunctionCommand } from "@aws-sdk/client-lambda";
import { createInput, failure, makeZip } from "@/test/support/lambda";
import { enginesTest } from "@/test/support/fixtures";
import { settled } from "@/test/support/settled";

const READS_HOST = makeZip({
  "index.mjs":
    'import fs from "node:fs";\nexport const handler = async () => ({ pid1: fs.readFileSync("/proc/1/cmdline", "utf8").split("\\0")[0] });\n',
});

const test = enginesTest("fail-closed-");

// Without bubblewrap or slirp4netns the engine never runs function code as a plain host process,
// unless the operator opted out in so many words (LAMBDA_ENGINE_SANDBOX=none).
describe("an engine without a full sandbox", () => {
  test("refuses to invoke, naming what is missing and the fix", async ({ startEngine }) => {
    const t = await startEngine({ LAMBDA_ENGINE_SLIRP4NETNS: "/nonexistent/slirp4netns" });
    await t.lambda.send(
      new CreateFunctionCommand(createInput("refused", { Code: { ZipFile: READS_HOST } })),
    );
    await settled(t.lambda, "refused");
    const e = await failure(t.lambda.send(new InvokeCommand({ FunctionName: "refused" })));
    expect(e).toMatchObject({ name: "ServiceException", status: 500 });
    expect(e.message).toContain("slirp4netns not installed");
    expect(e.message).toContain("install-system-packages.sh");
  });
});

describe("an engine the operator opted out of isolation", () => {
  test("runs functions as host processes (pid 1 is the host's init, not a sandbox's)", async ({
    startEngine,
  }) => {
    const t = await startEngine({ LAMBDA_ENGINE_SANDBOX: "none" });
    await t.lambda.send(
      new CreateFunctionCommand(createInput("plain", { Code: { ZipFile: READS_HOST } })),
    );
    await settled(t.lambda, "plain");
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "plain" }));
    expect(r.FunctionError).toBeUndefined();
    const out = JSON.parse(Buffer.from(r.Payload ?? []).toString()) as { pid1: string };
    expect(out.pid1).not.toBe("bwrap");
  });
});
