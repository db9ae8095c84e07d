import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionExists,
  waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import {
  makeZip,
  NODE_HANDLER,
  ROLE,
  settled,
  startTestEngine,
  type TestEngine,
} from "./spec-support";

let t: TestEngine;
const ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const base = (
  name: string,
  extra: Partial<CreateFunctionCommandInput> = {},
): CreateFunctionCommandInput => ({
  FunctionName: name,
  Runtime: "nodejs20.x",
  Handler: "index.handler",
  Role: ROLE,
  Code: { ZipFile: NODE_HANDLER },
  ...extra,
});

/** Sends and returns the error the SDK raised, with what a user sees of it. */
async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error("expected the request to fail");
}

beforeAll(async () => {
  t = await startTestEngine("lambda-fns-");
});
afterAll(async () => {
  await t?.close();
});

describe("CreateFunction and reads", () => {
  it("creates Pending, becomes Active, and reads back through every name form", async () => {
    const created = await t.lambda.send(
      new CreateFunctionCommand(
        base("hello", {
          Description: "says hi",
          MemorySize: 256,
          Timeout: 10,
          Environment: { Variables: { GREETING: "hi" } },
          Tags: { team: "a" },
          Architectures: ["arm64"],
          EphemeralStorage: { Size: 1024 },
          LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "DEBUG" },
        }),
      ),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: "hello",
      FunctionArn: ARN("hello"),
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Role: ROLE,
      Description: "says hi",
      MemorySize: 256,
      Timeout: 10,
      Version: "$LATEST",
      State: "Pending",
      StateReasonCode: "Creating",
      PackageType: "Zip",
      Architectures: ["arm64"],
      EphemeralStorage: { Size: 1024 },
      Environment: { Variables: { GREETING: "hi" } },
      LoggingConfig: {
        LogFormat: "JSON",
        ApplicationLogLevel: "DEBUG",
        SystemLogLevel: "INFO",
        LogGroup: "/aws/lambda/hello",
      },
      CodeSize: NODE_HANDLER.length,
      CodeSha256: createHash("sha256").update(NODE_HANDLER).digest("base64"),
    });
    expect(created.LastUpdateStatus).toBeUndefined();
    expect(created.RevisionId).toMatch(/^[0-9a-f-]{36}$/);

    const active = await settled(t.lambda, "hello");
    expect(active.State).toBe("Active");
    expect(active.LastUpdateStatus).toBe("Successful");
    expect(active.StateReason).toBeUndefined();

    for (const name of ["hello", ARN("hello"), "000000000000:function:hello"]) {
      const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: name }));
      expect(got.Configuration?.FunctionArn).toBe(ARN("hello"));
      expect(got.Tags).toEqual({ team: "a" });
      expect(got.Code?.RepositoryType).toBe("S3");
    }
    const qualified = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "hello:$LATEST" }),
    );
    expect(qualified.FunctionArn).toBe(`${ARN("hello")}:$LATEST`);
  });

  it("serves the code at GetFunction's Location, and only with its signature", async () => {
    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: "hello" }));
    const location = got.Code?.Location ?? "";
    expect(location).not.toContain(t.engine.ctx.config.secretAccessKey);
    const res = await fetch(location);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(NODE_HANDLER))).toBe(true);
    const tampered = await fetch(location.replace(/Signature=[0-9a-f]/, "Signature=x"));
    expect(tampered.status).toBe(403);
  });

  it("unpacks the code once, content-addressed, keeping executable bits", async () => {
    const zip = makeZip({
      bootstrap: ["#!/bin/sh\necho hi\n", 0o755],
      "lib/data.txt": ["x", 0o644],
    });
    const c = await t.lambda.send(
      new CreateFunctionCommand(
        base("prov", { Runtime: "provided.al2023", Handler: "x", Code: { ZipFile: zip } }),
      ),
    );
    await settled(t.lambda, "prov");
    const hex = Buffer.from(c.CodeSha256 ?? "", "base64").toString("hex");
    const fs = await import("node:fs");
    const dir = `${t.dataDir}/code/unpacked/${hex}`;
    expect(fs.existsSync(`${t.dataDir}/code/${hex}.zip`)).toBe(true);
    expect(fs.statSync(`${dir}/bootstrap`).mode & 0o777).toBe(0o755);
    expect(fs.statSync(`${dir}/lib/data.txt`).mode & 0o111).toBe(0);
    expect(
      fs.readdirSync(`${t.dataDir}/code/unpacked`).filter((n) => n.startsWith(".tmp")),
    ).toEqual([]);
  });

  it("refuses an existing name with 409", async () => {
    const e = await failure(t.lambda.send(new CreateFunctionCommand(base("hello"))));
    expect(e).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: "Function already exist: hello",
    });
  });

  it("answers 404 with the ARN for unknown functions and versions", async () => {
    expect(await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: "nope" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${ARN("nope")}`,
    });
    expect(
      await failure(
        t.lambda.send(
          new GetFunctionConfigurationCommand({ FunctionName: "hello", Qualifier: "7" }),
        ),
      ),
    ).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${ARN("hello")}:7`,
    });
  });
});

describe("bad input gets AWS's error", () => {
  const cases: [string, Partial<CreateFunctionCommandInput>, string, number, string][] = [
    [
      "unknown runtime",
      { Runtime: "nodejs8.10" },
      "InvalidParameterValueException",
      400,
      "Value nodejs8.10 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, nodejs22.x, python3.11, python3.12, python3.13, provided.al2023] or be a valid ARN",
    ],
    [
      "bad role",
      { Role: "not-a-role" },
      "ValidationException",
      400,
      "1 validation error detected: Value 'not-a-role' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
    ],
    [
      "memory too small",
      { MemorySize: 64 },
      "ValidationException",
      400,
      "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    ],
    [
      "memory too large",
      { MemorySize: 10241 },
      "ValidationException",
      400,
      "1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
    ],
    [
      "timeout 0",
      { Timeout: 0 },
      "ValidationException",
      400,
      "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      "timeout 901",
      { Timeout: 901 },
      "ValidationException",
      400,
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    ],
    [
      "ephemeral storage",
      { EphemeralStorage: { Size: 100 } },
      "ValidationException",
      400,
      "1 validation error detected: Value '100' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512",
    ],
    [
      "reserved env keys",
      { Environment: { Variables: { AWS_REGION: "x", OK: "1", AWS_LAMBDA_FUNCTION_NAME: "y" } } },
      "InvalidParameterValueException",
      400,
      "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION, AWS_LAMBDA_FUNCTION_NAME",
    ],
    [
      "name pattern",
      { FunctionName: "bad name!" },
      "ValidationException",
      400,
      "1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
    ],
    [
      "name length",
      { FunctionName: "a".repeat(65) },
      "ValidationException",
      400,
      `1 validation error detected: Value '${"a".repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ],
    [
      "corrupt zip",
      { Code: { ZipFile: Buffer.from("this is not a zip file at all") } },
      "InvalidParameterValueException",
      400,
      "Could not unzip uploaded file. Please check your file, then try to upload again.",
    ],
  ];
  for (const [what, extra, name, status, message] of cases) {
    it(what, async () => {
      const e = await failure(t.lambda.send(new CreateFunctionCommand(base("bad-input", extra))));
      expect(e).toEqual({ name, status, message });
    });
  }

  it("environment over 4 KB", async () => {
    const e = await failure(
      t.lambda.send(
        new CreateFunctionCommand(
          base("bad-input", { Environment: { Variables: { BIG: "x".repeat(4100) } } }),
        ),
      ),
    );
    expect(e.name).toBe("InvalidParameterValueException");
    expect(e.message).toMatch(
      /^Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit\. String measured: \{"BIG":"x+"\}$/,
    );
  });

  it("zips escaping the root: '..', absolute paths, outward symlinks", async () => {
    const { zipSync } = await import("fflate");
    const zips = [
      zipSync({ "../evil.js": Buffer.from("x") }),
      zipSync({ "/etc/evil.js": Buffer.from("x") }),
      makeZip({ "index.js": "x", link: ["../../etc/passwd", 0o120777] }),
      makeZip({ "index.js": "x", link: ["/etc/passwd", 0o120777] }),
    ];
    for (const zip of zips) {
      const e = await failure(
        t.lambda.send(new CreateFunctionCommand(base("bad-input", { Code: { ZipFile: zip } }))),
      );
      expect(e).toEqual({
        name: "InvalidParameterValueException",
        status: 400,
        message: "Could not unzip uploaded file. Please check your file, then try to upload again.",
      });
    }
  });

  it("unzipped size over 250 MB", async () => {
    const { zipSync } = await import("fflate");
    const zip = zipSync({ "big.bin": new Uint8Array(262_144_001) }, { level: 1 });
    const e = await failure(
      t.lambda.send(new CreateFunctionCommand(base("bad-input", { Code: { ZipFile: zip } }))),
    );
    expect(e).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "Unzipped size must be smaller than 262144000 bytes",
    });
  });

  it("zipped size over 50 MB is 413", async () => {
    const { zipSync } = await import("fflate");
    const noise = new Uint8Array(52_428_900);
    for (let i = 0; i < noise.length; i += 65536)
      crypto.getRandomValues(noise.subarray(i, Math.min(i + 65536, noise.length)));
    const zip = zipSync({ "noise.bin": noise }, { level: 0 });
    const e = await failure(
      t.lambda.send(new CreateFunctionCommand(base("bad-input", { Code: { ZipFile: zip } }))),
    );
    expect(e).toEqual({
      name: "RequestEntityTooLargeException",
      status: 413,
      message: "Request must be smaller than 69905067 bytes for the CreateFunction operation",
    });
  });

  it("nothing was created by the bad requests", async () => {
    const e = await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: "bad-input" })));
    expect(e.name).toBe("ResourceNotFoundException");
  });
});

describe("updates, state and revisions", () => {
  it("UpdateFunctionCode and Configuration go InProgress → Successful; the SDK waiters work", async () => {
    await t.lambda.send(new CreateFunctionCommand(base("upd")));
    await waitUntilFunctionExists({ client: t.lambda, maxWaitTime: 10 }, { FunctionName: "upd" });
    await waitUntilFunctionActiveV2({ client: t.lambda, maxWaitTime: 10 }, { FunctionName: "upd" });

    const zip = makeZip({ "index.mjs": "export const handler = async () => 2;\n" });
    const u = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "upd", ZipFile: zip }),
    );
    expect(u.LastUpdateStatus).toBe("InProgress");
    expect(u.CodeSize).toBe(zip.length);
    const w = await waitUntilFunctionUpdatedV2(
      { client: t.lambda, maxWaitTime: 10 },
      { FunctionName: "upd" },
    );
    expect(w.state).toBe("SUCCESS");
    const after = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "upd" }));
    expect(after.LastUpdateStatus).toBe("Successful");
    expect(after.CodeSha256).toBe(u.CodeSha256);

    const c = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "upd",
        MemorySize: 512,
        Environment: { Variables: { AB: "1" } },
      }),
    );
    expect(c).toMatchObject({
      MemorySize: 512,
      LastUpdateStatus: "InProgress",
      Environment: { Variables: { AB: "1" } },
    });
    const done = await settled(t.lambda, "upd");
    expect(done).toMatchObject({ MemorySize: 512, LastUpdateStatus: "Successful" });
  }, 30_000);

  it("RevisionId preconditions answer 412", async () => {
    const cur = await settled(t.lambda, "upd");
    const e = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: "upd",
          Timeout: 7,
          RevisionId: "00000000-0000-0000-0000-000000000000",
        }),
      ),
    );
    expect(e).toEqual({
      name: "PreconditionFailedException",
      status: 412,
      message:
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    });
    const e2 = await failure(
      t.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: "upd",
          ZipFile: NODE_HANDLER,
          RevisionId: "stale",
        }),
      ),
    );
    expect(e2.name).toBe("PreconditionFailedException");
    const ok = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "upd",
        Timeout: 7,
        RevisionId: cur.RevisionId,
      }),
    );
    expect(ok.Timeout).toBe(7);
    expect(ok.RevisionId).not.toBe(cur.RevisionId);
    await settled(t.lambda, "upd");
  });

  it("a write while Pending or InProgress answers 409 (a big package takes a moment to unpack)", async () => {
    const { zipSync } = await import("fflate");
    const big = zipSync(
      {
        "index.mjs": Buffer.from("export const handler = async () => 1;\n"),
        "pad.bin": new Uint8Array(80_000_000),
      },
      { level: 1 },
    );
    const created = await t.lambda.send(
      new CreateFunctionCommand(base("pending", { Code: { ZipFile: big } })),
    );
    expect(created.State).toBe("Pending");
    const e = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "pending", Timeout: 5 }),
      ),
    );
    expect(e).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message:
        "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    });
    const inv = await failure(t.lambda.send(new InvokeCommand({ FunctionName: "pending" })));
    expect(inv).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message:
        "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    });
    await settled(t.lambda, "pending");
    const big2 = zipSync(
      {
        "index.mjs": Buffer.from("export const handler = async () => 2;\n"),
        "pad.bin": new Uint8Array(80_000_001),
      },
      { level: 1 },
    );
    const u = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "pending", ZipFile: big2 }),
    );
    expect(u.LastUpdateStatus).toBe("InProgress");
    const e2 = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "pending", Timeout: 5 }),
      ),
    );
    expect(e2).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${ARN("pending")}`,
    });
    expect((await settled(t.lambda, "pending")).LastUpdateStatus).toBe("Successful");
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "pending" }));
    expect(Buffer.from(r.Payload ?? new Uint8Array()).toString()).toBe("2");
  }, 30_000);
});

describe("ListFunctions and DeleteFunction", () => {
  it("lists with Marker / MaxItems", async () => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await t.lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 2 }));
      expect((page.Functions ?? []).length).toBeLessThanOrEqual(2);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ""));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["hello", "pending", "prov", "upd"]));
  });

  it("deletes: $LATEST qualifier refused, the function then 404", async () => {
    const e = await failure(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: "pending", Qualifier: "$LATEST" })),
    );
    expect(e).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "$LATEST version cannot be deleted without deleting the function.",
    });
    const del = await t.lambda.send(new DeleteFunctionCommand({ FunctionName: ARN("pending") }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect(
      (await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: "pending" })))).status,
    ).toBe(404);
    expect(
      (await failure(t.lambda.send(new DeleteFunctionCommand({ FunctionName: "pending" })))).status,
    ).toBe(404);
  });
});

describe("restart", () => {
  it("keeps functions, config and code", async () => {
    const before = await t.lambda.send(new GetFunctionCommand({ FunctionName: "upd" }));
    await t.restart();
    const after = await t.lambda.send(new GetFunctionCommand({ FunctionName: "upd" }));
    expect(after.Configuration).toEqual(before.Configuration);
    const res = await fetch(after.Code?.Location ?? "");
    expect(res.status).toBe(200);
  });
});
