// File-system bench (issue 17): read and write throughput of a 100 MB file on an EFS access point
// from inside a function, against the same file read and written on the host (the floor). Runs
// only with `npm run bench -- --file-systems` (the quick bench stays quick). Both sides go
// through the page cache (nothing drops caches on a shared machine): the figure is the sandbox's
// overhead on file I/O (bind mount, user namespace), not the disk's speed.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import {
  CreateAccessPointCommand,
  CreateFileSystemCommand,
  CreateMountTargetCommand,
  DescribeAccessPointsCommand,
  DescribeFileSystemsCommand,
  EFSClient,
} from "@aws-sdk/client-efs";
import { engineTarget } from "./engine-target.mjs";

const MB = 1024 * 1024;
const SIZE_MB = 100;

// The same loops run inside the function and on the host: 1 MB writes then fsync, 1 MB reads.
const IO = `
import fs from "node:fs";
export function writeFile(file, mb) {
  const buf = Buffer.alloc(${MB}, 7);
  const t0 = performance.now();
  const fd = fs.openSync(file, "w");
  for (let i = 0; i < mb; i++) fs.writeSync(fd, buf);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return performance.now() - t0;
}
export function readFile(file) {
  const buf = Buffer.alloc(${MB});
  const t0 = performance.now();
  const fd = fs.openSync(file, "r");
  let n = 0, total = 0;
  while ((n = fs.readSync(fd, buf, 0, buf.length)) > 0) total += n;
  fs.closeSync(fd);
  return { ms: performance.now() - t0, bytes: total };
}
`;
const HANDLER = `import { writeFile, readFile } from "./io.mjs";
export const handler = async (e) => e.op === "write"
  ? { ms: writeFile("/mnt/bench/data.bin", e.mb) }
  : readFile("/mnt/bench/data.bin");
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms) => SIZE_MB / (ms / 1000);

async function until(fn) {
  for (let i = 0; i < 600; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("timed out");
}

export async function fileSystemBench({ rounds = 5 } = {}) {
  const credentials = { accessKeyId: "AKIAFILESYSTEMBENCH0", secretAccessKey: "fs-bench-secret" };
  const start = engineTarget({ credentials, functions: [], env: { LAMBDA_REGISTRY_PORT: "off" } });
  const engine = await start();
  const dataDir = start.dataDir;
  const cfg = { endpoint: engine.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
  const efs = new EFSClient(cfg);
  const lambda = new LambdaClient(cfg);
  try {
    const { FileSystemId } = await efs.send(
      new CreateFileSystemCommand({ CreationToken: "bench" }),
    );
    await until(async () => {
      const d = await efs.send(new DescribeFileSystemsCommand({ FileSystemId }));
      return d.FileSystems?.[0]?.LifeCycleState === "available";
    });
    await efs.send(
      new CreateMountTargetCommand({ FileSystemId, SubnetId: "subnet-00000000000000001" }),
    );
    const ap = await efs.send(
      new CreateAccessPointCommand({
        ClientToken: "bench",
        FileSystemId,
        PosixUser: { Uid: 1000, Gid: 1000 },
        RootDirectory: {
          Path: "/bench",
          CreationInfo: { OwnerUid: 1000, OwnerGid: 1000, Permissions: "755" },
        },
      }),
    );
    await until(async () => {
      const d = await efs.send(
        new DescribeAccessPointsCommand({ AccessPointId: ap.AccessPointId }),
      );
      return d.AccessPoints?.[0]?.LifeCycleState === "available";
    });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "fs-bench",
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Role: "arn:aws:iam::000000000000:role/bench",
        MemorySize: 512,
        Timeout: 120,
        Code: {
          ZipFile: zipSync({ "index.mjs": Buffer.from(HANDLER), "io.mjs": Buffer.from(IO) }),
        },
        VpcConfig: { SubnetIds: ["subnet-00000000000000001"], SecurityGroupIds: [] },
        FileSystemConfigs: [{ Arn: ap.AccessPointArn, LocalMountPath: "/mnt/bench" }],
      }),
    );
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 60 },
      { FunctionName: "fs-bench" },
    );
    const call = async (event) => {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: "fs-bench",
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
      const text = Buffer.from(out.Payload ?? []).toString();
      if (out.FunctionError) throw new Error(`fs-bench failed: ${text}`);
      return JSON.parse(text);
    };
    await call({ op: "write", mb: 1 }); // cold start out of the figures
    const hostFile = path.join(dataDir, "efs", FileSystemId, "bench", "data.bin");
    const hostFloorFile = path.join(dataDir, "efs", FileSystemId, "bench", "host.bin");
    const io = await import(`data:text/javascript,${encodeURIComponent(IO)}`);
    const inWrite = [];
    const inRead = [];
    const hostWrite = [];
    const hostRead = [];
    for (let r = 0; r < rounds; r++) {
      inWrite.push((await call({ op: "write", mb: SIZE_MB })).ms);
      const read = await call({ op: "read" });
      if (read.bytes !== SIZE_MB * MB) throw new Error(`read ${read.bytes} bytes`);
      inRead.push(read.ms);
      // The floor: the same loops in this process, on the same directory of the host.
      hostWrite.push(io.writeFile(hostFloorFile, SIZE_MB));
      hostRead.push(io.readFile(hostFile).ms);
    }
    const row = (name, inside, host) =>
      `| ${name} | ${mbps(median(inside)).toFixed(0)} MB/s (${median(inside).toFixed(0)} ms) | ${mbps(median(host)).toFixed(0)} MB/s (${median(host).toFixed(0)} ms) | ${(mbps(median(inside)) / mbps(median(host))).toFixed(2)}× |`;
    const table = [
      "| 100 MB file, median of " +
        rounds +
        " | inside a function (EFS access point) | host, same directory (floor) | function / floor |",
      "| --- | --- | --- | --- |",
      row("write (1 MB writes + fsync)", inWrite, hostWrite),
      row("read (1 MB reads, page cache)", inRead, hostRead),
    ].join("\n");
    return { inWrite, inRead, hostWrite, hostRead, table };
  } finally {
    efs.destroy();
    lambda.destroy();
    await engine.stop();
    start.cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const res = await fileSystemBench();
  console.log("\n## File system: 100 MB file inside a function vs the host (issue 17)\n");
  console.log(res.table);
}
