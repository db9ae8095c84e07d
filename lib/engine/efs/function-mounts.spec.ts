import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetFunctionCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  CreateFunctionCommand,
  PublishVersionCommand,
} from "@aws-sdk/client-lambda";
import type { EFSClient } from "@aws-sdk/client-efs";
import {
  createInput,
  failure,
  makeZip,
  settled,
  startTestEngine,
  type TestEngine,
} from "../api/lambda/spec-support";
import { createReadyAccessPoint, efsClientFor } from "./testing/efs-client";

let t: TestEngine;
let efs: EFSClient;
const VPC = { SubnetIds: ["subnet-0123456789abcdef0"], SecurityGroupIds: ["sg-0123456789abcdef0"] };

beforeAll(async () => {
  t = await startTestEngine("efs-fn-");
  efs = efsClientFor(t.engine);
});
afterAll(async () => {
  efs.destroy();
  await t.close();
});

// Python: cheap cold starts on two cores. Reports its identity and what it sees under /mnt.
const PY_HANDLER = `
import fcntl, json, os

def handler(event, context):
    op = event.get("op")
    root = event.get("root", "/mnt/data")
    if op == "append":
        with open(os.path.join(root, "shared.log"), "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)      # BSD lock
            fcntl.lockf(f, fcntl.LOCK_EX)      # POSIX (fcntl) lock
            line = "line-%03d-" % event["i"] + "x" * 200 + "\\n"
            for k in range(0, len(line), 16):  # many writes: unlocked, lines would interleave
                f.write(line[k:k + 16])
                f.flush()
            fcntl.lockf(f, fcntl.LOCK_UN)
        return {"ok": True}
    if op == "write":
        with open(os.path.join(root, event["name"]), "w") as f:
            f.write(event["text"])
    if op == "read":
        try:
            with open(event["path"]) as f:
                return {"text": f.read()}
        except OSError as e:
            return {"error": type(e).__name__}
    return {
        "uid": os.getuid(), "gid": os.getgid(), "groups": sorted(os.getgroups()),
        "mnt": sorted(os.listdir("/mnt")) if os.path.isdir("/mnt") else None,
        "root": sorted(os.listdir(root)) if os.path.isdir(root) else None,
    }
`;
const PY_ZIP = makeZip({ "app.py": PY_HANDLER });

async function invoke(name: string, event: unknown): Promise<Record<string, unknown>> {
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8");
  if (out.FunctionError) throw new Error(`${name} failed: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function createPython(name: string, arn: string | undefined, mount = "/mnt/data") {
  await t.lambda.send(
    new CreateFunctionCommand({
      ...createInput(name, {
        Runtime: "python3.11",
        Handler: "app.handler",
        Code: { ZipFile: PY_ZIP },
        Timeout: 30,
      }),
      ...(arn ? { VpcConfig: VPC, FileSystemConfigs: [{ Arn: arn, LocalMountPath: mount }] } : {}),
    }),
  );
  await settled(t.lambda, name);
}

describe("FileSystemConfigs", () => {
  it("is validated with Lambda's rules and errors", async () => {
    const { accessPointArn } = await createReadyAccessPoint(efs, { ClientToken: "v-ap" });
    const cfg = (extra: object) =>
      t.lambda.send(new CreateFunctionCommand({ ...createInput("v-fn"), ...extra }));
    const noVpc = await failure(
      cfg({ FileSystemConfigs: [{ Arn: accessPointArn, LocalMountPath: "/mnt/x" }] }),
    );
    expect(noVpc).toMatchObject({ name: "InvalidParameterValueException", status: 400 });
    expect(noVpc.message).toBe(
      `Function must be configured to execute in a VPC to reference access point ${accessPointArn}.`,
    );
    const badPath = await failure(
      cfg({
        VpcConfig: VPC,
        FileSystemConfigs: [{ Arn: accessPointArn, LocalMountPath: "/tmp/x" }],
      }),
    );
    expect(badPath.name).toBe("ValidationException");
    expect(badPath.message).toContain("fileSystemConfigs.1.member.localMountPath");
    const two = await failure(
      cfg({
        VpcConfig: VPC,
        FileSystemConfigs: [
          { Arn: accessPointArn, LocalMountPath: "/mnt/a" },
          { Arn: accessPointArn, LocalMountPath: "/mnt/b" },
        ],
      }),
    );
    expect(two.message).toContain("Member must have length less than or equal to 1");
    const missing = await failure(
      cfg({
        VpcConfig: VPC,
        FileSystemConfigs: [
          {
            Arn: "arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-0123456789abcdef0",
            LocalMountPath: "/mnt/a",
          },
        ],
      }),
    );
    expect(missing.name).toBe("InvalidParameterValueException");
  });

  it("is stored, returned, kept on published versions, and detached with an empty list", async () => {
    const { accessPointArn } = await createReadyAccessPoint(efs, { ClientToken: "s-ap" });
    await t.lambda.send(new CreateFunctionCommand(createInput("s-fn", { VpcConfig: VPC })));
    await settled(t.lambda, "s-fn");
    const fsc = [{ Arn: accessPointArn, LocalMountPath: "/mnt/shared" }];
    const updated = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "s-fn", FileSystemConfigs: fsc }),
    );
    expect(updated.FileSystemConfigs).toEqual(fsc);
    await settled(t.lambda, "s-fn");
    const v = await t.lambda.send(new PublishVersionCommand({ FunctionName: "s-fn" }));
    expect(v.FileSystemConfigs).toEqual(fsc);
    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: "s-fn" }));
    expect(got.Configuration?.FileSystemConfigs).toEqual(fsc);
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "s-fn", FileSystemConfigs: [] }),
    );
    const after = await settled(t.lambda, "s-fn");
    expect(after.FileSystemConfigs).toBeUndefined();
    const v1 = await t.lambda.send(
      new GetFunctionCommand({ FunctionName: "s-fn", Qualifier: "1" }),
    );
    expect(v1.Configuration?.FileSystemConfigs).toEqual(fsc);
  });
});

describe("a file system inside the sandbox", () => {
  it("mounts the access point's root, created with CreationInfo, and runs as its POSIX user", async () => {
    const ap = await createReadyAccessPoint(efs, {
      ClientToken: "own-ap",
      PosixUser: { Uid: 1234, Gid: 2345, SecondaryGids: [3456] },
      RootDirectory: {
        Path: "/apps/writer",
        CreationInfo: { OwnerUid: 1234, OwnerGid: 2345, Permissions: "750" },
      },
    });
    await createPython("own-fn", ap.accessPointArn);
    const seen = await invoke("own-fn", { op: "write", name: "hello.txt", text: "hi" });
    expect(seen).toMatchObject({ uid: 1234, gid: 2345, mnt: ["data"], root: ["hello.txt"] });
    expect(seen.groups).toEqual(expect.arrayContaining([2345, 3456]));
    const hostRoot = path.join(t.dataDir, "efs", ap.fileSystemId, "apps", "writer");
    const dir = fs.statSync(hostRoot);
    expect([dir.uid, dir.gid, dir.mode & 0o7777]).toEqual([1234, 2345, 0o750]);
    const file = fs.statSync(path.join(hostRoot, "hello.txt"));
    expect([file.uid, file.gid]).toEqual([1234, 2345]);
    expect(fs.readFileSync(path.join(hostRoot, "hello.txt"), "utf8")).toBe("hi");
  });
});
