import { engineClientConfig } from "./client-config";
import { vi } from "vitest";
import {
  CreateAccessPointCommand,
  CreateFileSystemCommand,
  CreateMountTargetCommand,
  DescribeAccessPointsCommand,
  DescribeFileSystemsCommand,
  EFSClient,
  type CreateAccessPointCommandInput,
} from "@aws-sdk/client-efs";
import type { RunningEngine } from "../../lib/engine/engine";

/** An EFS client on the engine's own key. */
export function efsClientFor(engine: RunningEngine): EFSClient {
  return new EFSClient({
    ...engineClientConfig(engine),
  });
}

/** Reads until `done` holds (specs only: this module runs inside Vitest). */
function poll<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await read();
      if (!done(v)) throw new Error("EFS resource did not become available");
      return v;
    },
    { timeout: 5000, interval: 10 },
  );
}

/**
 * What a function needs to mount a file system, as a user would set it up: an available file
 * system with a mount target, and an available access point.
 */
export async function createReadyAccessPoint(
  efs: EFSClient,
  input: Omit<CreateAccessPointCommandInput, "FileSystemId">,
  fileSystemId?: string,
): Promise<{ fileSystemId: string; accessPointId: string; accessPointArn: string }> {
  let fsId = fileSystemId;
  if (!fsId) {
    const fs = await efs.send(new CreateFileSystemCommand({ CreationToken: crypto.randomUUID() }));
    fsId = fs.FileSystemId ?? "";
    await poll(
      () => efs.send(new DescribeFileSystemsCommand({ FileSystemId: fsId })),
      (r) => r.FileSystems?.[0]?.LifeCycleState === "available",
    );
    await efs.send(
      new CreateMountTargetCommand({ FileSystemId: fsId, SubnetId: "subnet-0123456789abcdef0" }),
    );
  }
  const ap = await efs.send(new CreateAccessPointCommand({ ...input, FileSystemId: fsId }));
  const apId = ap.AccessPointId ?? "";
  await poll(
    () => efs.send(new DescribeAccessPointsCommand({ AccessPointId: apId })),
    (r) => r.AccessPoints?.[0]?.LifeCycleState === "available",
  );
  return { fileSystemId: fsId, accessPointId: apId, accessPointArn: ap.AccessPointArn ?? "" };
}
