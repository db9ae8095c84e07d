import { describe, expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { makeZip, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { extensionCalls } from "@/test/support/extension-functions";
import { COUNTING_EXTENSION } from "@/test/support/test-extensions";

const test = engineTest("extension-output-");
let t: TestEngine;
const { publish, create } = extensionCalls(() => t);

/**
 * On each INVOKE: a long line, then "done <requestId>", then Next at once on its kept-alive
 * connection. The long line makes any relay between the extension and the engine slower than
 * the Next.
 */
const CHATTY_EXTENSION = `#!/usr/bin/node
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true });
const call = (path, method, body) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      "http://" + process.env.AWS_LAMBDA_RUNTIME_API + "/2020-01-01/extension" + path,
      { method, agent, headers: { "lambda-extension-name": "chatty", "lambda-extension-identifier": id } },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ id: res.headers["lambda-extension-identifier"], text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
let id = "";
(async () => {
  id = (await call("/register", "POST", JSON.stringify({ events: ["INVOKE"] }))).id;
  console.log("registered");
  for (;;) {
    const event = JSON.parse((await call("/event/next", "GET")).text);
    process.stdout.write("x".repeat(2000) + "\\n" + "done " + event.requestId + "\\n");
  }
})();
`;

/** Prints what the launcher's exit and log lines used to look like, as the function's own output. */
const FORGING_HANDLER = `
exports.handler = async (event, context) => {
  console.log("\\u001eXchatty 0");
  process.stdout.write("\\u001eLchatty forged\\n\\u001eXchatty 1\\n");
  return { id: context.awsRequestId };
};
`;

const SLEEPER =
  "exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.sleepMs || 0)); return 'ok'; };\n";

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
}, 60_000);

describe("extension output", () => {
  test("what an extension prints before its Next is in that invoke's tail, every invoke; the function cannot pass its lines off as the launcher's", async () => {
    const layer = await publish("chatty", { "extensions/chatty": [CHATTY_EXTENSION, 0o755] });
    await create("ext-chatty", {
      Layers: [layer],
      Code: { ZipFile: makeZip({ "index.js": FORGING_HANDLER }) },
    });
    for (let i = 0; i < 8; i++) {
      const r = await t.lambda.send(
        new InvokeCommand({ FunctionName: "ext-chatty", LogType: "Tail" }),
      );
      const tail = Buffer.from(r.LogResult ?? "", "base64").toString();
      const { id } = JSON.parse(Buffer.from(r.Payload ?? []).toString()) as { id: string };
      // Not an extension crash: the function's lines are its own, in its log as it wrote them.
      expect(r.FunctionError, tail).toBeUndefined();
      expect(tail).toMatch(/\tINFO\t\u001eXchatty 0$/m);
      expect(tail).toContain("\n\u001eLchatty forged\n\u001eXchatty 1\n");
      const lines = tail.split("\n");
      const done = lines.indexOf(`[chatty] done ${id}`);
      expect(done, tail).toBeGreaterThan(-1);
      expect(done).toBeLessThan(lines.findIndex((l) => l.startsWith(`END RequestId: ${id}`)));
      expect(lines[done - 1]).toBe(`[chatty] ${"x".repeat(2000)}`);
      // One environment throughout: no exit was taken for the extension's.
      if (i > 0) expect(tail).not.toMatch(/^INIT_START/m);
    }
  }, 60_000);

  test("eight extensions: the first six on outputs of their own, named; the last two share one, unnamed, and their exits still count", async () => {
    const names = Array.from({ length: 8 }, (_, i) => `e${i}`);
    const layer = await publish(
      "eight",
      Object.fromEntries(names.map((n) => [`extensions/${n}`, [COUNTING_EXTENSION, 0o755]])),
    );
    await create("ext-eight", {
      Layers: [layer],
      Code: { ZipFile: makeZip({ "index.js": SLEEPER }) },
      Environment: { Variables: { EXIT_ON: "e7" } },
    });
    const first = await t.lambda.send(
      new InvokeCommand({ FunctionName: "ext-eight", LogType: "Tail" }),
    );
    const tail = Buffer.from(first.LogResult ?? "", "base64").toString();
    expect(first.FunctionError, tail).toBeUndefined();
    const lines = tail.split("\n");
    for (const n of names.slice(0, 6)) expect(lines, tail).toContain(`[${n}] ${n} saw INVOKE`);
    for (const n of names.slice(6)) expect(lines, tail).toContain(`${n} saw INVOKE`);
    // e7 exits on its second INVOKE, while the function runs: its exit line, on the shared
    // output, fails the invoke.
    const second = await t.lambda.send(
      new InvokeCommand({
        FunctionName: "ext-eight",
        LogType: "Tail",
        Payload: Buffer.from('{"sleepMs":3000}'),
      }),
    );
    expect(second.FunctionError).toBe("Unhandled");
    expect(JSON.parse(Buffer.from(second.Payload ?? []).toString())).toMatchObject({
      errorType: "Extension.Crash",
      errorMessage: expect.stringMatching(/Error: exit status 5$/),
    });
  }, 60_000);
});
