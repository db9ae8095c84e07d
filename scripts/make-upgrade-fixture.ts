// Writes the upgrade fixture: a data dir made by the code of this checkout, through its real APIs
// (engine over the AWS SDK, console stores through their classes), packed as a .tar.gz with the
// manifest the upgrade test checks against. Run once per shipped data-dir layout:
//   npx tsx scripts/make-upgrade-fixture.ts test/fixtures/data-dir-v1
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { openConsoleDb } from "../lib/console-db/db";
import { startEngine } from "../lib/engine/engine";
import {
  buildOciImage,
  busyboxRuntimeImage,
  pushOciImage,
} from "../test/support/images/build-test-image";
import { makeZip, settledConfiguration } from "../test/support/lambda";
import { poll } from "./lib/poll";
import { UserStore } from "../lib/idp/user-store";
import { RevocationStore } from "../lib/auth/revocation-store";
import { createSqliteAdapter } from "../lib/idp/sqlite-adapter";
import { TestEventStore } from "../lib/test-events/store";
import { ImageHistoryStore } from "../lib/image-history/store";
import { AuditStore } from "../lib/audit/store";
import { FIXTURE } from "../test/fixtures/upgrade-fixture";

const out = path.resolve(process.argv[2] ?? "test/fixtures/data-dir-v1");
const ROLE = "arn:aws:iam::123456789012:role/fixture-role";
/** How long poll() waits for a function to settle (an image function pulls and unpacks first). */
const SETTLE = { timeout: 60_000, interval: 10 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-fixture-"));
const dataDir = path.join(tmp, "data");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

const handler = (v: string) =>
  makeZip({
    "index.mjs": `export const handler = async (e) => { console.log("${FIXTURE.logLine} ${v}", JSON.stringify(e)); return { version: "${v}" }; };\n`,
  });

async function engineData(): Promise<void> {
  const engine = await startEngine({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dataDir,
    LAMBDA_ENGINE_PORT: "0",
    LAMBDA_REGISTRY_PORT: String(await freePort()),
  });
  const { accessKeyId, secretAccessKey } = engine.ctx.config;
  const lambda = new LambdaClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  try {
    const zip = FIXTURE.zipFunction;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: zip,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: { ZipFile: handler("v1") },
        Tags: FIXTURE.tags,
        Environment: { Variables: FIXTURE.environment },
      }),
    );
    await poll(settledConfiguration(lambda, zip), SETTLE);
    await lambda.send(new PublishVersionCommand({ FunctionName: zip, Description: "first" }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: zip, ZipFile: handler("v2") }));
    await poll(settledConfiguration(lambda, zip), SETTLE);
    await lambda.send(new PublishVersionCommand({ FunctionName: zip, Description: "second" }));
    await lambda.send(
      new CreateAliasCommand({
        FunctionName: zip,
        Name: FIXTURE.alias,
        FunctionVersion: "2",
        RoutingConfig: { AdditionalVersionWeights: { "1": 0.25 } },
      }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: zip, MaximumRetryAttempts: 1 }),
    );
    for (let i = 0; i < FIXTURE.invocations; i++) {
      const r = await lambda.send(
        new InvokeCommand({ FunctionName: zip, Payload: Buffer.from(`{"n":${i}}`) }),
      );
      if (r.FunctionError)
        throw new Error(`invoke failed: ${Buffer.from(r.Payload ?? []).toString()}`);
    }

    // Events accepted while the function may not run (reserved concurrency 0) stay queued.
    const queued = FIXTURE.queuedFunction;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: queued,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: { ZipFile: handler("queued") },
      }),
    );
    await poll(settledConfiguration(lambda, queued), SETTLE);
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: queued, ReservedConcurrentExecutions: 0 }),
    );
    for (let i = 0; i < FIXTURE.queuedEvents; i++) {
      await lambda.send(
        new InvokeCommand({
          FunctionName: queued,
          InvocationType: "Event",
          Payload: Buffer.from(`{"queued":${i}}`),
        }),
      );
    }

    const registry = await engine.registry.ready();
    if (!registry) throw new Error("the local registry did not start (docker-registry installed?)");
    const build = path.join(tmp, "build");
    buildOciImage(build, "fixture", busyboxRuntimeImage(FIXTURE.imageMessage));
    await pushOciImage(build, "fixture", `${registry.host}/fixture/busybox:v1`, registry.authFile);
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: FIXTURE.imageFunction,
        Role: ROLE,
        PackageType: "Image",
        // Stored as 127.0.0.1:<port>; the test rewrites nothing: the URI is the record of a push.
        Code: { ImageUri: `${registry.host}/fixture/busybox:v1` },
      }),
    );
    const img = await poll(settledConfiguration(lambda, FIXTURE.imageFunction), SETTLE);
    if (img.State !== "Active") throw new Error(`image function ${img.State}: ${img.StateReason}`);
  } finally {
    lambda.destroy();
    await engine.stop();
  }
}

async function consoleData(): Promise<void> {
  const db = openConsoleDb(dataDir);
  const users = new UserStore(db);
  for (const u of FIXTURE.users) await users.add(u);
  new RevocationStore(db).revoke(FIXTURE.revokedSubject, FIXTURE.revokedBefore);
  const Adapter = createSqliteAdapter(db);
  await new Adapter("Session").upsert(
    FIXTURE.oidcSessionId,
    { accountId: FIXTURE.users[0].name, loginTs: 1 },
    10 * 365 * 24 * 3600,
  );
  new TestEventStore(db).save({ ...FIXTURE.testEvent, source: null });
  new ImageHistoryStore(db).record({
    targetId: "local",
    functionName: FIXTURE.imageFunction,
    kind: "create",
    imageUri: "fixture/busybox:v1",
    resolvedImageUri: null,
    digest: null,
    result: "ok",
    message: null,
    actor: FIXTURE.users[0].name,
    actorName: null,
  });
  new AuditStore(db).record({
    actor: FIXTURE.users[0].name,
    actorName: null,
    role: "admin",
    action: "CreateFunction",
    target: "local",
    resource: FIXTURE.zipFunction,
    result: "ok",
    message: null,
  });
  db.close();
}

await engineData();
await consoleData();
fs.mkdirSync(out, { recursive: true });
const archive = path.join(out, "data.tar.gz");
// images/oci is the engine's pull cache (layers as pulled); images/rootfs, which runs, stays.
execFileSync("tar", [
  "-C",
  dataDir,
  "--sort=name",
  "--owner=0",
  "--group=0",
  "--exclude=./images/oci",
  "--exclude=./images/tmp",
  "-czf",
  archive,
  ".",
]);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`wrote ${archive} (${fs.statSync(archive).size} bytes)`);
