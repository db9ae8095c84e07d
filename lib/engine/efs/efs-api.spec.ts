import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import {
  CreateAccessPointCommand,
  CreateFileSystemCommand,
  CreateMountTargetCommand,
  DeleteAccessPointCommand,
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeAccessPointsCommand,
  DescribeFileSystemsCommand,
  DescribeMountTargetsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type EFSClient,
} from "@aws-sdk/client-efs";
import { failure, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { createReadyAccessPoint, efsClientFor } from "@/test/support/efs-client";

let t: TestEngine;
let efs: EFSClient;

const test = engineTest("efs-api-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  efs = efsClientFor(t.engine);
});
afterAll(async () => {
  efs.destroy();
});

const describeFs = async (id: string) =>
  (await efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems?.[0];

describe("EFS file systems", () => {
  test("creates a file system that goes from creating to available, idempotent by token", async () => {
    const created = await efs.send(
      new CreateFileSystemCommand({
        CreationToken: "tok-1",
        PerformanceMode: "maxIO",
        ThroughputMode: "provisioned",
        ProvisionedThroughputInMibps: 64,
        Encrypted: true,
        Tags: [{ Key: "Name", Value: "shared-data" }],
      }),
    );
    expect(created.LifeCycleState).toBe("creating");
    expect(created.FileSystemId).toMatch(/^fs-[0-9a-f]{17}$/);
    expect(created.FileSystemArn).toBe(
      `arn:aws:elasticfilesystem:us-east-1:000000000000:file-system/${created.FileSystemId}`,
    );
    expect(created).toMatchObject({
      Name: "shared-data",
      PerformanceMode: "maxIO",
      ThroughputMode: "provisioned",
      ProvisionedThroughputInMibps: 64,
      Encrypted: true,
      NumberOfMountTargets: 0,
    });
    const id = created.FileSystemId ?? "";
    await expect.poll(async () => (await describeFs(id))?.LifeCycleState).toBe("available");
    const again = await failure(efs.send(new CreateFileSystemCommand({ CreationToken: "tok-1" })));
    expect(again).toMatchObject({ name: "FileSystemAlreadyExists", status: 409 });
    expect(again.message).toContain(id);
    const byToken = await efs.send(new DescribeFileSystemsCommand({ CreationToken: "tok-1" }));
    expect(byToken.FileSystems?.map((f) => f.FileSystemId)).toEqual([id]);
  });

  test("refuses what EFS refuses", async () => {
    expect(
      await failure(
        efs.send(
          new CreateFileSystemCommand({ CreationToken: "x", ThroughputMode: "provisioned" }),
        ),
      ),
    ).toMatchObject({ name: "BadRequest", status: 400 });
    expect(
      await failure(
        efs.send(
          new CreateFileSystemCommand({ CreationToken: "y", PerformanceMode: "fast" as "maxIO" }),
        ),
      ),
    ).toMatchObject({ name: "BadRequest" });
    expect(
      await failure(
        efs.send(new DescribeFileSystemsCommand({ FileSystemId: "fs-0000000000000000a" })),
      ),
    ).toMatchObject({ name: "FileSystemNotFound", status: 404 });
  });

  test("reports SizeInBytes from the data in the file system", async () => {
    const { fileSystemId } = await createReadyAccessPoint(efs, { ClientToken: "size-ap" });
    const before = (await describeFs(fileSystemId))?.SizeInBytes?.Value ?? 0;
    fs.writeFileSync(path.join(t.dataDir, "efs", fileSystemId, "blob"), Buffer.alloc(300_000));
    const after = (await describeFs(fileSystemId))?.SizeInBytes?.Value ?? 0;
    expect(after - before).toBe(300_000);
  });

  test("refuses to delete a file system in use, then deletes it and its data", async () => {
    const { fileSystemId, accessPointId } = await createReadyAccessPoint(efs, {
      ClientToken: "del-ap",
    });
    const inUse = await failure(
      efs.send(new DeleteFileSystemCommand({ FileSystemId: fileSystemId })),
    );
    expect(inUse).toMatchObject({ name: "FileSystemInUse", status: 409 });
    const mts = await efs.send(new DescribeMountTargetsCommand({ FileSystemId: fileSystemId }));
    expect(mts.MountTargets).toHaveLength(1);
    expect((await describeFs(fileSystemId))?.NumberOfMountTargets).toBe(1);
    for (const m of mts.MountTargets ?? [])
      await efs.send(new DeleteMountTargetCommand({ MountTargetId: m.MountTargetId }));
    const stillAp = await failure(
      efs.send(new DeleteFileSystemCommand({ FileSystemId: fileSystemId })),
    );
    expect(stillAp.name).toBe("FileSystemInUse");
    await efs.send(new DeleteAccessPointCommand({ AccessPointId: accessPointId }));
    await efs.send(new DeleteFileSystemCommand({ FileSystemId: fileSystemId }));
    expect(await failure(describeFs(fileSystemId))).toMatchObject({ name: "FileSystemNotFound" });
    await expect.poll(() => fs.existsSync(path.join(t.dataDir, "efs", fileSystemId))).toBe(false);
  });
});

describe("EFS access points and mount targets", () => {
  test("creates an access point with POSIX identity and a root directory", async () => {
    const fsId =
      (await efs.send(new CreateFileSystemCommand({ CreationToken: "ap-fs" }))).FileSystemId ?? "";
    await expect.poll(async () => (await describeFs(fsId))?.LifeCycleState).toBe("available");
    const ap = await efs.send(
      new CreateAccessPointCommand({
        ClientToken: "ap-1",
        FileSystemId: fsId,
        PosixUser: { Uid: 1001, Gid: 1002, SecondaryGids: [1003] },
        RootDirectory: {
          Path: "/lambda/data",
          CreationInfo: { OwnerUid: 1001, OwnerGid: 1002, Permissions: "750" },
        },
        Tags: [{ Key: "Name", Value: "writer" }],
      }),
    );
    expect(ap.AccessPointId).toMatch(/^fsap-[0-9a-f]{17}$/);
    expect(ap).toMatchObject({
      FileSystemId: fsId,
      Name: "writer",
      PosixUser: { Uid: 1001, Gid: 1002, SecondaryGids: [1003] },
      RootDirectory: {
        Path: "/lambda/data",
        CreationInfo: { OwnerUid: 1001, OwnerGid: 1002, Permissions: "750" },
      },
      LifeCycleState: "creating",
    });
    await expect
      .poll(async () => {
        const r = await efs.send(new DescribeAccessPointsCommand({ FileSystemId: fsId }));
        return r.AccessPoints?.map((a) => [a.AccessPointId, a.LifeCycleState]);
      })
      .toEqual([[ap.AccessPointId, "available"]]);
    const bad = await failure(
      efs.send(
        new CreateAccessPointCommand({
          ClientToken: "ap-2",
          FileSystemId: fsId,
          RootDirectory: { Path: "/../etc" },
        }),
      ),
    );
    expect(bad.name).toBe("BadRequest");
    const missing = await failure(
      efs.send(new DescribeAccessPointsCommand({ AccessPointId: "fsap-0000000000000000a" })),
    );
    expect(missing).toMatchObject({ name: "AccessPointNotFound", status: 404 });
  });

  test("tags file systems and access points", async () => {
    const { fileSystemId, accessPointId } = await createReadyAccessPoint(efs, {
      ClientToken: "tag-ap",
    });
    await efs.send(
      new TagResourceCommand({
        ResourceId: fileSystemId,
        Tags: [
          { Key: "team", Value: "data" },
          { Key: "Name", Value: "renamed" },
        ],
      }),
    );
    expect((await describeFs(fileSystemId))?.Name).toBe("renamed");
    await efs.send(
      new TagResourceCommand({ ResourceId: accessPointId, Tags: [{ Key: "k", Value: "v" }] }),
    );
    expect(
      (await efs.send(new ListTagsForResourceCommand({ ResourceId: accessPointId }))).Tags,
    ).toEqual([{ Key: "k", Value: "v" }]);
    await efs.send(new UntagResourceCommand({ ResourceId: fileSystemId, TagKeys: ["team"] }));
    expect(
      (await efs.send(new ListTagsForResourceCommand({ ResourceId: fileSystemId }))).Tags,
    ).toEqual([{ Key: "Name", Value: "renamed" }]);
    const conflict = await failure(
      efs.send(
        new CreateMountTargetCommand({
          FileSystemId: fileSystemId,
          SubnetId: "subnet-0123456789abcdef0",
        }),
      ),
    );
    expect(conflict).toMatchObject({ name: "MountTargetConflict", status: 409 });
  });
});
