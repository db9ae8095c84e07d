import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
} from "@aws-sdk/client-lambda";
import { createInput, makeZip, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

// An OS-only runtime's bootstrap may come from a layer: Lambda looks in /var/task, then /opt.
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine("layer-bootstrap-");
});
afterAll(async () => {
  await t?.close();
});

const BOOTSTRAP = `#!/bin/sh
set -e
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/next")
  ID=$(grep -i lambda-runtime-aws-request-id "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
  curl -sS -X POST "$API/$ID/response" -d "{\\"from\\":\\"$0\\",\\"echo\\":$EVENT}" > /dev/null
done
`;

describe("provided runtimes find their bootstrap", () => {
  it("in a layer at /opt/bootstrap when the package has none", async () => {
    const layer = await t.lambda.send(
      new PublishLayerVersionCommand({
        LayerName: "shell-runtime",
        Content: { ZipFile: makeZip({ bootstrap: [BOOTSTRAP, 0o755] }) },
      }),
    );
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("from-layer", {
          Runtime: "provided.al2",
          Handler: "function.handler",
          Code: { ZipFile: makeZip({ "function.sh": "" }) },
          Layers: [layer.LayerVersionArn ?? ""],
        }),
      ),
    );
    await settled(t.lambda, "from-layer");
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: "from-layer", Payload: Buffer.from('{"n":1}') }),
    );
    expect(r.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString())).toEqual({
      from: "/opt/bootstrap",
      echo: { n: 1 },
    });
  });
});
