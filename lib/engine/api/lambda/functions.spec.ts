import { createHash } from "node:crypto";
import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import {
  ARN,
  createInput as base,
  failure,
  makeZip,
  NODE_HANDLER,
  ROLE,
  type TestEngine,
} from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;

const test = engineTest("lambda-fns-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
});

describe("CreateFunction and reads", () => {
  test("creates Pending, becomes Active, and reads back through every name form", async () => {
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

  test("serves the code at GetFunction's Location, and only with its signature", async () => {
    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: "hello" }));
    const location = got.Code?.Location ?? "";
    expect(location).not.toContain(t.engine.ctx.config.secretAccessKey);
    const res = await fetch(location);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(NODE_HANDLER))).toBe(true);
    const tampered = await fetch(location.replace(/Signature=[0-9a-f]/, "Signature=x"));
    expect(tampered.status).toBe(403);
  });

  test("unpacks the code once, content-addressed, keeping executable bits", async () => {
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

  test("refuses an existing name with 409", async () => {
    const e = await failure(t.lambda.send(new CreateFunctionCommand(base("hello"))));
    expect(e).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: "Function already exist: hello",
    });
  });

  test("answers 404 with the ARN for unknown functions and versions", async () => {
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

describe("ListFunctions and DeleteFunction", () => {
  test("lists with Marker / MaxItems", async () => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await t.lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 2 }));
      expect((page.Functions ?? []).length).toBeLessThanOrEqual(2);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ""));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["hello", "prov"]));
  });

  test("deletes: $LATEST qualifier refused, the function then 404", async () => {
    const e = await failure(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: "prov", Qualifier: "$LATEST" })),
    );
    expect(e).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "$LATEST version cannot be deleted without deleting the function.",
    });
    const del = await t.lambda.send(new DeleteFunctionCommand({ FunctionName: ARN("prov") }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect(
      (await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: "prov" })))).status,
    ).toBe(404);
    expect(
      (await failure(t.lambda.send(new DeleteFunctionCommand({ FunctionName: "prov" })))).status,
    ).toBe(404);
  });
});

describe("restart", () => {
  test("keeps functions, config and code", async () => {
    const before = await t.lambda.send(new GetFunctionCommand({ FunctionName: "hello" }));
    await t.restart();
    const after = await t.lambda.send(new GetFunctionCommand({ FunctionName: "hello" }));
    expect(after.Configuration).toEqual(before.Configuration);
    const res = await fetch(after.Code?.Location ?? "");
    expect(res.status).toBe(200);
  });
});
