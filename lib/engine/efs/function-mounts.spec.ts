import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import {
  GetFunctionCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  CreateFunctionCommand,
  PublishVersionCommand,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import type { EFSClient } from "@aws-sdk/client-efs";
import { createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { createReadyAccessPoint, efsClientFor } from "@/test/support/efs-client";
import { COUNTING_EXTENSION } from "@/test/support/test-extensions";
import { extensionCalls } from "@/test/support/extension-functions";

let t: TestEngine;
let efs: EFSClient;
const VPC = { SubnetIds: ["subnet-0123456789abcdef0"], SecurityGroupIds: ["sg-0123456789abcdef0"] };

const test = engineTest("efs-fn-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  efs = efsClientFor(t.engine);
});
afterAll(async () => {
  efs.destroy();
});

// Python: cheap cold starts on two cores. Reports its identity and what it sees under /mnt.
const PY_HANDLER = `
import fcntl, json, os, resource, time

def handler(event, context):
    op = event.get("op")
    root = event.get("root", "/mnt/data")
    if op == "append":
        with open(os.path.join(root, event["file"]), "a") as f:
            # BSD (flock) or POSIX (fcntl) lock: they do not exclude each other, so one per file.
            lock, unlock = (
                (lambda: fcntl.flock(f, fcntl.LOCK_EX), lambda: fcntl.flock(f, fcntl.LOCK_UN))
                if event["lock"] == "flock"
                else (lambda: fcntl.lockf(f, fcntl.LOCK_EX), lambda: fcntl.lockf(f, fcntl.LOCK_UN))
            )
            if event["lock"] != "none":
                lock()
            line = "line-%03d-" % event["i"] + "x" * 200 + "\\n"
            for k in range(0, len(line), 16):  # many slow writes: unlocked, lines interleave
                f.write(line[k:k + 16])
                f.flush()
                time.sleep(0.002)
            if event["lock"] != "none":
                unlock()
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
    status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
    return {
        "capEff": status["CapEff"].strip(),
        "noNewPrivs": status["NoNewPrivs"].strip(),
        "limits": [resource.getrlimit(r) for r in (resource.RLIMIT_NOFILE, resource.RLIMIT_NPROC)],
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

async function createPython(
  name: string,
  arn: string | undefined,
  mount = "/mnt/data",
  extra: Partial<CreateFunctionCommandInput> = {},
) {
  await t.lambda.send(
    new CreateFunctionCommand({
      ...createInput(name, {
        Runtime: "python3.11",
        Handler: "app.handler",
        Code: { ZipFile: PY_ZIP },
        Timeout: 30,
        ...extra,
      }),
      ...(arn ? { VpcConfig: VPC, FileSystemConfigs: [{ Arn: arn, LocalMountPath: mount }] } : {}),
    }),
  );
  await settled(t.lambda, name);
}

describe("FileSystemConfigs", () => {
  test("is validated with Lambda's rules and errors", async () => {
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

  test("is stored, returned, kept on published versions, and detached with an empty list", async () => {
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
  test("mounts the access point's root, created with CreationInfo, and runs as its POSIX user", async () => {
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
    // No capability survives into the function, and no set-uid program can give one back.
    expect(seen).toMatchObject({ capEff: "0000000000000000", noNewPrivs: "1" });
    // Lambda's limits hold for a function run as the access point's user too.
    expect(seen.limits).toEqual([
      [1024, 1024],
      [1024, 1024],
    ]);
    expect(seen.groups).toEqual(expect.arrayContaining([2345, 3456]));
    const hostRoot = path.join(t.dataDir, "efs", ap.fileSystemId, "apps", "writer");
    const dir = fs.statSync(hostRoot);
    expect([dir.uid, dir.gid, dir.mode & 0o7777]).toEqual([1234, 2345, 0o750]);
    const file = fs.statSync(path.join(hostRoot, "hello.txt"));
    expect([file.uid, file.gid]).toEqual([1234, 2345]);
    expect(fs.readFileSync(path.join(hostRoot, "hello.txt"), "utf8")).toBe("hi");
  });

  test("runs extensions beside a mount: each one's output arrives (the user namespace's fd is not theirs)", async () => {
    const ap = await createReadyAccessPoint(efs, {
      ClientToken: "ext-ap",
      PosixUser: { Uid: 1235, Gid: 2346 },
      RootDirectory: {
        Path: "/apps/ext",
        CreationInfo: { OwnerUid: 1235, OwnerGid: 2346, Permissions: "750" },
      },
    });
    // Five extensions: outputs on fds 3-7 of the sandbox, past where the namespace's fd once sat.
    const names = ["e0", "e1", "e2", "e3", "e4"];
    const layer = await extensionCalls(() => t).publish(
      "efs-counting",
      Object.fromEntries(names.map((n) => [`extensions/${n}`, [COUNTING_EXTENSION, 0o755]])),
    );
    await createPython("ext-efs-fn", ap.accessPointArn, "/mnt/data", { Layers: [layer] });
    const out = await t.lambda.send(
      new InvokeCommand({
        FunctionName: "ext-efs-fn",
        Payload: Buffer.from("{}"),
        LogType: "Tail",
      }),
    );
    const tail = Buffer.from(out.LogResult ?? "", "base64").toString();
    expect(out.FunctionError, tail).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload ?? []).toString())).toMatchObject({ uid: 1235 });
    for (const n of names) expect(tail.split("\n"), tail).toContain(`[${n}] ${n} saw INVOKE`);
  });
});

describe("sharing and isolation", () => {
  const appendAll = async (file: string, lock: string) => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => invoke("lock-fn", { op: "append", i, file, lock })),
    );
    expect(results.every((r) => r.ok === true)).toBe(true);
    const text = fs.readFileSync(path.join(lockDir, file), "utf8");
    return text.split("\n").filter((l) => l !== "");
  };
  let lockDir = "";

  test.each(["fcntl", "flock"])(
    "100 concurrent invocations append one line each under a %s lock: exactly 100 whole lines",
    async (lock) => {
      if (!lockDir) {
        const ap = await createReadyAccessPoint(efs, {
          ClientToken: "lock-ap",
          PosixUser: { Uid: 1500, Gid: 1500 },
          RootDirectory: {
            Path: "/locks",
            CreationInfo: { OwnerUid: 1500, OwnerGid: 1500, Permissions: "755" },
          },
        });
        await createPython("lock-fn", ap.accessPointArn);
        lockDir = path.join(t.dataDir, "efs", ap.fileSystemId, "locks");
      }
      const lines = await appendAll(`${lock}.log`, lock);
      expect(lines).toHaveLength(100);
      expect(lines.every((l) => /^line-\d{3}-x{200}$/.test(l))).toBe(true);
      expect(new Set(lines.map((l) => l.slice(5, 8))).size).toBe(100);
    },
    180_000,
  );

  test("control: without a lock the same appends interleave (the environments ran at once)", async () => {
    const lines = await appendAll("none.log", "none");
    expect(lines.every((l) => /^line-\d{3}-x{200}$/.test(l))).toBe(false);
  }, 180_000);

  test("a function on another access point sees only its own root; one without a file system sees nothing", async () => {
    const a = await createReadyAccessPoint(efs, {
      ClientToken: "iso-a",
      PosixUser: { Uid: 1600, Gid: 1600 },
      RootDirectory: {
        Path: "/a",
        CreationInfo: { OwnerUid: 1600, OwnerGid: 1600, Permissions: "700" },
      },
    });
    const b = await createReadyAccessPoint(
      efs,
      {
        ClientToken: "iso-b",
        PosixUser: { Uid: 1700, Gid: 1700 },
        RootDirectory: {
          Path: "/b",
          CreationInfo: { OwnerUid: 1700, OwnerGid: 1700, Permissions: "700" },
        },
      },
      a.fileSystemId,
    );
    await createPython("iso-a", a.accessPointArn);
    await createPython("iso-b", b.accessPointArn, "/mnt/other");
    await createPython("iso-none", undefined);
    await invoke("iso-a", { op: "write", name: "secret.txt", text: "a's data" });
    const fromB = await invoke("iso-b", { op: "list", root: "/mnt/other" });
    expect(fromB).toMatchObject({ uid: 1700, mnt: ["other"], root: [] });
    for (const p of ["/mnt/other/../a/secret.txt", "/mnt/data/secret.txt", "/a/secret.txt"])
      expect(await invoke("iso-b", { op: "read", path: p })).toEqual({
        error: "FileNotFoundError",
      });
    const none = await invoke("iso-none", { op: "list" });
    expect(none).toMatchObject({ mnt: null, root: null });
    expect(none.uid).not.toBe(1600);
  });

  test("refuses to mount a root directory a function replaced with a symbolic link", async () => {
    // A function on the file system's root plants /escape -> / ; another access point's root is
    // /escape/etc-copy: the engine (root) must not follow the link on the host.
    const top = await createReadyAccessPoint(efs, {
      ClientToken: "top-ap",
      PosixUser: { Uid: 0, Gid: 0 },
    });
    const victim = await createReadyAccessPoint(
      efs,
      {
        ClientToken: "victim-ap",
        PosixUser: { Uid: 1800, Gid: 1800 },
        RootDirectory: {
          Path: "/escape/pwned",
          CreationInfo: { OwnerUid: 1800, OwnerGid: 1800, Permissions: "777" },
        },
      },
      top.fileSystemId,
    );
    const planted = path.join(t.dataDir, "efs", top.fileSystemId, "escape");
    fs.symlinkSync("/", planted);
    await createPython("victim-fn", victim.accessPointArn);
    const err = await failure(
      t.lambda.send(new InvokeCommand({ FunctionName: "victim-fn", Payload: Buffer.from("{}") })),
    );
    expect(err).toMatchObject({ name: "EFSMountFailureException", status: 403 });
    expect(fs.existsSync("/pwned")).toBe(false);
  });
});
