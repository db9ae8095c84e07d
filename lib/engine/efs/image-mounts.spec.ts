import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect } from "vitest";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import type { EFSClient } from "@aws-sdk/client-efs";
import { makeZip, ROLE, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { buildOciImage, busyboxImage, pushOciImage } from "@/test/support/images/build-test-image";
import { createReadyAccessPoint, efsClientFor } from "@/test/support/efs-client";

let t: TestEngine;
let efs: EFSClient;
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "efs-image-build-"));
const VPC = { SubnetIds: ["subnet-0123456789abcdef0"], SecurityGroupIds: [] };

// A shell runtime: each event writes /mnt/shared/from-image and answers with what the zip
// function left in /mnt/shared/from-zip and who it runs as.
const BOOTSTRAP = `#!/bin/sh
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  BODY=$(wget -q -S -O - "$API/invocation/next" 2>/tmp/h) || { sleep 1; continue; }
  ID=$(grep -i '^ *lambda-runtime-aws-request-id:' /tmp/h | cut -d: -f2 | tr -d ' \\r')
  echo "written by the image" > /mnt/shared/from-image
  ZIP=$(cat /mnt/shared/from-zip 2>/dev/null)
  wget -q -O /dev/null --post-data "{\\"zip\\":\\"$ZIP\\",\\"uid\\":$(id -u),\\"gid\\":$(id -g)}" "$API/invocation/$ID/response"
done
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

const test = engineTest("efs-image-", { LAMBDA_REGISTRY_PORT: String(await freePort()) });

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  efs = efsClientFor(t.engine);
});
afterAll(async () => {
  efs.destroy();
  fs.rmSync(buildDir, { recursive: true, force: true });
});

async function invoke(name: string): Promise<Record<string, unknown>> {
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}") }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8");
  if (out.FunctionError) throw new Error(`${name} failed: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

test("an image function and a zip function share data through the same access point", async () => {
  const registry = await t.engine.registry.ready();
  if (!registry) throw new Error("the engine's local registry did not start");
  buildOciImage(
    buildDir,
    "efs",
    busyboxImage(BOOTSTRAP, { applets: ["sh", "wget", "grep", "cut", "tr", "cat", "id", "sleep"] }),
  );
  const uri = `${registry.host}/fn/efs:v1`;
  await pushOciImage(buildDir, "efs", uri, registry.authFile);
  const ap = await createReadyAccessPoint(efs, {
    ClientToken: "share-ap",
    PosixUser: { Uid: 1900, Gid: 1900 },
    RootDirectory: {
      Path: "/shared",
      CreationInfo: { OwnerUid: 1900, OwnerGid: 1900, Permissions: "770" },
    },
  });
  const FileSystemConfigs = [{ Arn: ap.accessPointArn, LocalMountPath: "/mnt/shared" }];
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: "share-image",
      Role: ROLE,
      PackageType: "Image",
      Code: { ImageUri: uri },
      VpcConfig: VPC,
      FileSystemConfigs,
    }),
  );
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: "share-zip",
      Role: ROLE,
      Runtime: "python3.11",
      Handler: "app.handler",
      Code: {
        ZipFile: makeZip({
          "app.py": `import os
def handler(event, context):
    with open("/mnt/shared/from-zip", "w") as f:
        f.write("written by the zip")
    try:
        seen = open("/mnt/shared/from-image").read().strip()
    except OSError:
        seen = None
    return {"image": seen, "uid": os.getuid()}
`,
        }),
      },
      VpcConfig: VPC,
      FileSystemConfigs,
    }),
  );
  await settled(t.lambda, "share-zip");
  for (let i = 0; i < 600; i++) {
    const c = await settled(t.lambda, "share-image");
    if (c.State === "Active") break;
    if (c.State === "Failed") throw new Error(`image function failed: ${c.StateReason}`);
  }
  expect(await invoke("share-zip")).toEqual({ image: null, uid: 1900 });
  expect(await invoke("share-image")).toEqual({ zip: "written by the zip", uid: 1900, gid: 1900 });
  expect(await invoke("share-zip")).toEqual({ image: "written by the image", uid: 1900 });
  const host = path.join(t.dataDir, "efs", ap.fileSystemId, "shared");
  for (const f of ["from-zip", "from-image"]) {
    const st = fs.statSync(path.join(host, f));
    expect([st.uid, st.gid]).toEqual([1900, 1900]);
  }
}, 120_000);
