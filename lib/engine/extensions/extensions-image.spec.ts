import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, describe, expect } from "vitest";
import { type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import {
  buildOciImage,
  busyboxRuntimeImage,
  pushOciImage,
  withParents,
} from "@/test/support/images/build-test-image";

/** A busybox extension (wget only): registers, logs each event, leaves on SHUTDOWN. */
const BUSYBOX_EXTENSION = `#!/bin/sh
API="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
wget -q -S -O /dev/null --header "Lambda-Extension-Name: bb-ext" \\
  --post-data '{"events":["INVOKE","SHUTDOWN"]}' "$API/register" 2>/tmp/bb-ext-headers
ID=$(grep -i 'lambda-extension-identifier:' /tmp/bb-ext-headers | cut -d: -f2 | tr -d ' \\r')
echo "[bb-ext] registered $ID"
while true; do
  EVENT=$(wget -q -O - --header "Lambda-Extension-Identifier: $ID" "$API/event/next") || exit 3
  echo "[bb-ext] event $EVENT"
  case "$EVENT" in *SHUTDOWN*) exit 0 ;; esac
done
`;

let t: TestEngine;
let logs: CloudWatchLogsClient;
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "ext-image-"));
let imageUri = "";

const test = engineTest("extensions-image-", {
  LAMBDA_REGISTRY_PORT: "0",
  LAMBDA_ENGINE_IDLE_MS: "1000",
});

test.beforeAll(async ({ testEngine }) => {
  // Idle environments are reclaimed after a second here.
  t = testEngine;
  const { accessKeyId, secretAccessKey } = t.engine.ctx.config;
  logs = new CloudWatchLogsClient({
    endpoint: t.engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
  });
  const registry = await t.engine.registry.ready();
  if (!registry) throw new Error("the engine's local registry did not start");
  const spec = busyboxRuntimeImage("with an extension");
  spec.layers.push(
    withParents([
      { name: "opt/extensions/bb-ext", type: "file", data: BUSYBOX_EXTENSION, mode: 0o755 },
    ]),
  );
  buildOciImage(buildDir, "ext", spec);
  imageUri = `${registry.host}/fn/ext:v1`;
  await pushOciImage(buildDir, "ext", imageUri, registry.authFile);
}, 120_000);

afterAll(async () => {
  logs?.destroy();
  fs.rmSync(buildDir, { recursive: true, force: true });
});

let tries = 0;

describe("extensions in a container image's /opt/extensions", () => {
  test("start before the image's runtime, get INVOKE, and SHUTDOWN when the idle environment is reclaimed", async () => {
    // A fresh name per try, so CI's retry of a failed try does not collide with it.
    const name = `ext-image-${++tries}`;
    await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: "arn:aws:iam::000000000000:role/lambda",
        PackageType: "Image",
        Code: { ImageUri: imageUri },
      }),
    );
    await settled(t.lambda, name);
    const r = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}"), LogType: "Tail" }),
    );
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString();
    expect(r.FunctionError, tail).toBeUndefined();
    expect(tail).toContain("EXTENSION\tName: bb-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]");
    const all = async () =>
      (
        (await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` })))
          .events ?? []
      )
        .map((e) => e.message)
        .join("\n");
    // Printed before its Next, so in this invoke's tail (extensions write straight to the engine).
    expect(tail).toContain("[bb-ext] registered ");
    expect(tail).toMatch(/\[bb-ext\] event \{"eventType":"INVOKE"/);
    // SHUTDOWN comes after the invoke: read from the stream.
    await expect
      .poll(all, { timeout: 20_000, interval: 250 })
      .toMatch(/\[bb-ext\] event \{"eventType":"SHUTDOWN","shutdownReason":"spindown"/);
    // Reclaimed: the next invoke starts a new environment.
    const again = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}"), LogType: "Tail" }),
    );
    expect(Buffer.from(again.LogResult ?? "", "base64").toString()).toMatch(/^INIT_START/m);
  }, 120_000);
});
