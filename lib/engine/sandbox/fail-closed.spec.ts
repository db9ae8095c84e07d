import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, CreateFunctionCommand } from "@aws-sdk/client-lambda";
import {
  createInput,
  failure,
  makeZip,
  startTestEngine,
  type TestEngine,
} from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

const READS_HOST = makeZip({
  "index.mjs":
    'import fs from "node:fs";\nexport const handler = async () => ({ pid1: fs.readFileSync("/proc/1/cmdline", "utf8").split("\\0")[0] });\n',
});

// Without bubblewrap or slirp4netns the engine never runs function code as a plain host process,
// unless the operator opted out in so many words (LAMBDA_ENGINE_SANDBOX=none).
describe("an engine without a full sandbox", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine("fail-closed-", {
      LAMBDA_ENGINE_SLIRP4NETNS: "/nonexistent/slirp4netns",
    });
    await t.lambda.send(
      new CreateFunctionCommand(createInput("refused", { Code: { ZipFile: READS_HOST } })),
    );
    await settled(t.lambda, "refused");
  });
  afterAll(() => t.close());

  it("refuses to invoke, naming what is missing and the fix", async () => {
    const e = await failure(t.lambda.send(new InvokeCommand({ FunctionName: "refused" })));
    expect(e).toMatchObject({ name: "ServiceException", status: 500 });
    expect(e.message).toContain("slirp4netns not installed");
    expect(e.message).toContain("install-system-packages.sh");
  });
});

describe("an engine the operator opted out of isolation", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine("opted-out-", { LAMBDA_ENGINE_SANDBOX: "none" });
    await t.lambda.send(
      new CreateFunctionCommand(createInput("plain", { Code: { ZipFile: READS_HOST } })),
    );
    await settled(t.lambda, "plain");
  });
  afterAll(() => t.close());

  it("runs functions as host processes (pid 1 is the host's init, not a sandbox's)", async () => {
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "plain" }));
    expect(r.FunctionError).toBeUndefined();
    const out = JSON.parse(Buffer.from(r.Payload ?? []).toString()) as { pid1: string };
    expect(out.pid1).not.toBe("bwrap");
  });
});
