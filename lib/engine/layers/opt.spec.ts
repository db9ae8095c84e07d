import fs from "node:fs";
import { zipSync } from "fflate";
import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { settled } from "@/test/support/settled";

const test = engineTest("layers-opt-");
let t: TestEngine;
test.beforeAll(({ testEngine }) => {
  t = testEngine;
});

async function publish(name: string, files: Parameters<typeof makeZip>[0]): Promise<string> {
  const r = await t.lambda.send(
    new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: makeZip(files) } }),
  );
  return r.LayerVersionArn ?? "";
}

async function invoke(name: string, qualifier?: string): Promise<unknown> {
  const r = await t.lambda.send(
    new InvokeCommand({ FunctionName: name, Qualifier: qualifier, LogType: "Tail" }),
  );
  const body = Buffer.from(r.Payload ?? []).toString();
  if (r.FunctionError)
    throw new Error(`${body}\n${Buffer.from(r.LogResult ?? "", "base64").toString()}`);
  return JSON.parse(body) as unknown;
}

const NODE_READER = `
const fs = require("node:fs");
exports.handler = async () => {
  let write;
  try { fs.writeFileSync("/opt/x", "1"); write = "ok"; } catch (e) { write = e.code; }
  return {
    greet: require("greet")(),
    versioned: require("only-node20")(),
    shared: fs.readFileSync("/opt/shared.txt", "utf8"),
    write,
    nodePath: process.env.NODE_PATH,
  };
};
`;

describe("layers at /opt", () => {
  test("Node.js finds packages in /opt/nodejs/node_modules and /opt/nodejs/node20/node_modules; later layers override earlier ones; /opt is read-only", async () => {
    const a = await publish("node-a", {
      "nodejs/node_modules/greet/index.js": "module.exports = () => 'hello from layer a';\n",
      "shared.txt": "from a",
    });
    const b = await publish("node-b", {
      "nodejs/node20/node_modules/only-node20/index.js": "module.exports = () => 'node20 dir';\n",
      "shared.txt": "from b",
    });
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("opt-node", {
          Handler: "index.handler",
          Code: { ZipFile: makeZip({ "index.js": NODE_READER }) },
          Layers: [a, b],
        }),
      ),
    );
    await settled(t.lambda, "opt-node");
    const out = (await invoke("opt-node")) as Record<string, string>;
    expect(out).toMatchObject({
      greet: "hello from layer a",
      versioned: "node20 dir",
      shared: "from b",
      write: "EROFS",
    });
    expect(out.nodePath?.split(":").slice(0, 2)).toEqual([
      "/opt/nodejs/node20/node_modules",
      "/opt/nodejs/node_modules",
    ]);

    // Reordered: the earlier layer's file now wins.
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "opt-node", Layers: [b, a] }),
    );
    await settled(t.lambda, "opt-node");
    await expect
      .poll(async () => ((await invoke("opt-node")) as { shared: string }).shared)
      .toBe("from a");
  });

  test("Python finds packages in /opt/python and /opt/python/lib/python3.x/site-packages", async () => {
    const arn = await publish("py-shared", {
      "python/shared_util.py": "def name():\n    return 'shared util'\n",
      "python/lib/python3.11/site-packages/sitepkg/__init__.py": "VALUE = 'site-packages'\n",
    });
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("opt-py", {
          Runtime: "python3.11",
          Handler: "app.handler",
          Code: {
            ZipFile: makeZip({
              "app.py":
                "import shared_util, sitepkg\n\ndef handler(event, context):\n    return {'a': shared_util.name(), 'b': sitepkg.VALUE}\n",
            }),
          },
          Layers: [arn],
        }),
      ),
    );
    await settled(t.lambda, "opt-py");
    expect(await invoke("opt-py")).toEqual({ a: "shared util", b: "site-packages" });
  });

  test("a binary from /opt/bin on PATH loads its shared library from /opt/lib (LD_LIBRARY_PATH)", async () => {
    // Debian's xz with its liblzma renamed: the loader finds "liblzmq.so.5" only in /opt/lib.
    const xz = fs.readFileSync("/usr/bin/xz");
    const needed = Buffer.from("liblzma.so.5");
    const at = xz.indexOf(needed);
    expect(at).toBeGreaterThan(0);
    Buffer.from("liblzmq.so.5").copy(xz, at);
    const lib = fs.readFileSync(fs.realpathSync("/lib/x86_64-linux-gnu/liblzma.so.5"));
    const zip = zipSync({
      "bin/xzq": [xz, { os: 3, attrs: (0o100755 << 16) >>> 0 }],
      "lib/liblzmq.so.5": lib,
    });
    const arn =
      (
        await t.lambda.send(
          new PublishLayerVersionCommand({ LayerName: "native", Content: { ZipFile: zip } }),
        )
      ).LayerVersionArn ?? "";
    const bootstrap = `#!/bin/sh
set -e
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
while true; do
  HEADERS=$(mktemp)
  curl -sS -D "$HEADERS" "$API/next" > /dev/null
  ID=$(grep -i lambda-runtime-aws-request-id "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
  OUT=$(xzq --version 2>&1 | head -1 | tr -d '"')
  curl -sS -X POST "$API/$ID/response" -d "{\\"out\\":\\"$OUT\\"}" > /dev/null
done
`;
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("opt-native", {
          Runtime: "provided.al2023",
          Handler: "x",
          Code: { ZipFile: makeZip({ bootstrap: [bootstrap, 0o755] }) },
          Layers: [arn],
        }),
      ),
    );
    await settled(t.lambda, "opt-native");
    expect(((await invoke("opt-native")) as { out: string }).out).toMatch(/^xz \(XZ Utils\) /);
  });

  test("publishing a new layer version never alters a function using the old one; a published version pins its layers", async () => {
    const v1 = await publish("evolving", {
      "nodejs/node_modules/evolving/index.js": "module.exports = 'v1';\n",
    });
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("opt-pin", {
          Handler: "index.handler",
          Code: {
            ZipFile: makeZip({
              "index.js": "exports.handler = async () => require('evolving');\n",
            }),
          },
          Layers: [v1],
        }),
      ),
    );
    await settled(t.lambda, "opt-pin");
    expect(await invoke("opt-pin")).toBe("v1");
    const pinned = await t.lambda.send(new PublishVersionCommand({ FunctionName: "opt-pin" }));
    expect(pinned.Layers?.map((l) => l.Arn)).toEqual([v1]);

    const v2 = await publish("evolving", {
      "nodejs/node_modules/evolving/index.js": "module.exports = 'v2';\n",
    });
    expect(v2).toMatch(/:evolving:2$/);
    // The warm environment and a fresh one both still see v1.
    expect(await invoke("opt-pin")).toBe("v1");
    expect(await invoke("opt-pin", pinned.Version)).toBe("v1");

    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "opt-pin", Layers: [v2] }),
    );
    await settled(t.lambda, "opt-pin");
    await expect.poll(() => invoke("opt-pin")).toBe("v2");
    expect(await invoke("opt-pin", pinned.Version)).toBe("v1");

    // Deleting v1 leaves the version that uses it running, cold starts included.
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: "evolving", VersionNumber: 1 }));
    await t.restart();
    expect(await invoke("opt-pin", pinned.Version)).toBe("v1");
  });
});

describe("layers without a sandbox (LAMBDA_ENGINE_SANDBOX=none)", () => {
  test("the search paths point at the host's merged tree", async ({ startEngine }) => {
    const plain = await startEngine({ LAMBDA_ENGINE_SANDBOX: "none" });
    const arn =
      (
        await plain.lambda.send(
          new PublishLayerVersionCommand({
            LayerName: "plain",
            Content: {
              ZipFile: makeZip({
                "nodejs/node_modules/plain/index.js": "module.exports = 'from the layer';\n",
              }),
            },
          }),
        )
      ).LayerVersionArn ?? "";
    await plain.lambda.send(
      new CreateFunctionCommand(
        createInput("plain", {
          Code: {
            ZipFile: makeZip({ "index.js": "exports.handler = async () => require('plain');\n" }),
          },
          Layers: [arn],
        }),
      ),
    );
    await settled(plain.lambda, "plain");
    const r = await plain.lambda.send(new InvokeCommand({ FunctionName: "plain" }));
    expect(Buffer.from(r.Payload ?? []).toString()).toBe('"from the layer"');
  });
});
