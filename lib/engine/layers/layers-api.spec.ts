import { describe, expect } from "vitest";
import {
  AddLayerVersionPermissionCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
  paginateListLayerVersions,
} from "@aws-sdk/client-lambda";
import { createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;
const PREFIX = "arn:aws:lambda:us-east-1:000000000000:layer:";
const ZIP = makeZip({ "nodejs/node_modules/x/index.js": "module.exports = 1;\n" });

const test = engineTest("layers-api-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
});

const publish = (
  LayerName: string,
  extra: Partial<{
    CompatibleRuntimes: string[];
    CompatibleArchitectures: string[];
    Description: string;
    LicenseInfo: string;
  }> = {},
) =>
  t.lambda.send(
    new PublishLayerVersionCommand({
      LayerName,
      Content: { ZipFile: ZIP },
      ...(extra as object),
    }) as PublishLayerVersionCommand,
  );

describe("Layers API", () => {
  test("PublishLayerVersion numbers versions and answers AWS's shape; Get, GetByArn and the download URL agree", async () => {
    const v1 = await publish("shape", {
      Description: "first",
      CompatibleRuntimes: ["nodejs20.x", "python3.12"],
      CompatibleArchitectures: ["x86_64"],
      LicenseInfo: "MIT",
    });
    expect(v1).toMatchObject({
      LayerArn: `${PREFIX}shape`,
      LayerVersionArn: `${PREFIX}shape:1`,
      Version: 1,
      Description: "first",
      CompatibleRuntimes: ["nodejs20.x", "python3.12"],
      CompatibleArchitectures: ["x86_64"],
      LicenseInfo: "MIT",
      Content: { CodeSize: ZIP.length },
    });
    expect(v1.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(v1.Content?.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const v2 = await publish("shape");
    expect(v2.Version).toBe(2);
    expect(v2.CompatibleRuntimes).toBeUndefined();

    const got = await t.lambda.send(
      new GetLayerVersionCommand({ LayerName: "shape", VersionNumber: 1 }),
    );
    expect(got).toMatchObject({ LayerVersionArn: `${PREFIX}shape:1`, Description: "first" });
    const byArn = await t.lambda.send(new GetLayerVersionByArnCommand({ Arn: `${PREFIX}shape:1` }));
    expect(byArn.Content?.CodeSha256).toBe(v1.Content?.CodeSha256);
    const byLayerArn = await t.lambda.send(
      new GetLayerVersionCommand({ LayerName: `${PREFIX}shape`, VersionNumber: 2 }),
    );
    expect(byLayerArn.Version).toBe(2);
    const download = await fetch(got.Content?.Location ?? "");
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(ZIP))).toBe(true);
  });

  test("errors: unknown versions, bad names, bad runtimes, no content, a broken zip", async () => {
    expect(
      await failure(
        t.lambda.send(new GetLayerVersionCommand({ LayerName: "nope", VersionNumber: 1 })),
      ),
    ).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
    expect(
      await failure(t.lambda.send(new GetLayerVersionByArnCommand({ Arn: `${PREFIX}nope:3` }))),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await failure(t.lambda.send(new GetLayerVersionByArnCommand({ Arn: "not-an-arn" }))),
    ).toMatchObject({ name: "ValidationException", status: 400 });
    expect(await failure(publish("bad name!"))).toMatchObject({ name: "ValidationException" });
    expect(await failure(publish("rt", { CompatibleRuntimes: ["cobol"] }))).toMatchObject({
      name: "ValidationException",
    });
    expect(
      await failure(
        t.lambda.send(new PublishLayerVersionCommand({ LayerName: "empty", Content: {} })),
      ),
    ).toMatchObject({ name: "InvalidParameterValueException" });
    expect(
      await failure(
        t.lambda.send(
          new PublishLayerVersionCommand({
            LayerName: "broken",
            Content: { ZipFile: Buffer.from("not a zip") },
          }),
        ),
      ),
    ).toMatchObject({
      name: "InvalidParameterValueException",
      message: "Could not unzip uploaded file. Please check your file, then try to upload again.",
    });
  });

  test("attacks: a link out of the layer, another account's layer, a traversing name are refused", async () => {
    const escaping = makeZip({
      "python/ok.py": "x = 1\n",
      "python/passwd": ["../../../etc/passwd", 0o120777],
    });
    expect(
      await failure(
        t.lambda.send(
          new PublishLayerVersionCommand({ LayerName: "escape", Content: { ZipFile: escaping } }),
        ),
      ),
    ).toMatchObject({ name: "InvalidParameterValueException" });
    expect(
      (await t.lambda.send(new ListLayerVersionsCommand({ LayerName: "escape" }))).LayerVersions,
    ).toEqual([]);

    await publish("mine");
    const foreign = "arn:aws:lambda:us-east-1:111122223333:layer:mine:1";
    expect(
      await failure(
        t.lambda.send(new CreateFunctionCommand(createInput("foreign", { Layers: [foreign] }))),
      ),
    ).toMatchObject({
      name: "InvalidParameterValueException",
      message: `Layer version ${foreign} does not exist.`,
    });
    expect(
      await failure(t.lambda.send(new GetLayerVersionByArnCommand({ Arn: foreign }))),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await failure(
        t.lambda.send(new GetLayerVersionCommand({ LayerName: "..%2Fmine", VersionNumber: 1 })),
      ),
    ).toMatchObject({ status: 400 });
  });

  test("ListLayers and ListLayerVersions filter by runtime and architecture and paginate", async () => {
    await publish("flt", {
      CompatibleRuntimes: ["python3.12"],
      CompatibleArchitectures: ["arm64"],
    });
    await publish("flt", {
      CompatibleRuntimes: ["nodejs20.x"],
      CompatibleArchitectures: ["x86_64"],
    });
    await publish("flt", { CompatibleRuntimes: ["nodejs22.x"] });

    const py = await t.lambda.send(new ListLayersCommand({ CompatibleRuntime: "python3.12" }));
    const flt = py.Layers?.find((l) => l.LayerName === "flt");
    expect(flt?.LatestMatchingVersion?.Version).toBe(1);
    expect(py.Layers?.map((l) => l.LayerName)).toEqual(["flt", "shape"]);
    const x86 = await t.lambda.send(
      new ListLayerVersionsCommand({ LayerName: "flt", CompatibleArchitecture: "x86_64" }),
    );
    expect(x86.LayerVersions?.map((v) => v.Version)).toEqual([2]);
    const all = await t.lambda.send(new ListLayerVersionsCommand({ LayerName: "flt" }));
    expect(all.LayerVersions?.map((v) => v.Version)).toEqual([3, 2, 1]);
    expect(all.LayerVersions?.[0]).toMatchObject({
      LayerVersionArn: `${PREFIX}flt:3`,
      CompatibleRuntimes: ["nodejs22.x"],
    });
    expect(
      (await t.lambda.send(new ListLayerVersionsCommand({ LayerName: "never-published" })))
        .LayerVersions,
    ).toEqual([]);

    const seen: number[] = [];
    let pages = 0;
    for await (const page of paginateListLayerVersions(
      { client: t.lambda, pageSize: 2 },
      { LayerName: "flt" },
    )) {
      pages++;
      seen.push(...(page.LayerVersions ?? []).map((v) => v.Version ?? 0));
    }
    expect({ pages, seen }).toEqual({ pages: 2, seen: [3, 2, 1] });

    const first = await t.lambda.send(new ListLayersCommand({ MaxItems: 1 }));
    expect(first.Layers).toHaveLength(1);
    expect(first.NextMarker).toBeDefined();
    const second = await t.lambda.send(
      new ListLayersCommand({ MaxItems: 1, Marker: first.NextMarker }),
    );
    expect(second.Layers?.[0]?.LayerName).not.toBe(first.Layers?.[0]?.LayerName);
    expect(await failure(t.lambda.send(new ListLayersCommand({ MaxItems: 51 })))).toMatchObject({
      name: "ValidationException",
    });
    expect(
      await failure(t.lambda.send(new ListLayersCommand({ CompatibleRuntime: "cobol" as never }))),
    ).toMatchObject({ name: "ValidationException" });
  });

  test("permissions: add, get the policy, conflicts, revision checks, remove", async () => {
    await publish("perm");
    const noPolicy = await failure(
      t.lambda.send(new GetLayerVersionPolicyCommand({ LayerName: "perm", VersionNumber: 1 })),
    );
    expect(noPolicy).toMatchObject({
      name: "ResourceNotFoundException",
      message: "No policy is associated with the given resource.",
    });
    const add = await t.lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: "perm",
        VersionNumber: 1,
        StatementId: "share-one",
        Action: "lambda:GetLayerVersion",
        Principal: "210987654321",
      }),
    );
    expect(JSON.parse(add.Statement ?? "")).toEqual({
      Sid: "share-one",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::210987654321:root" },
      Action: "lambda:GetLayerVersion",
      Resource: `${PREFIX}perm:1`,
    });
    await t.lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: "perm",
        VersionNumber: 1,
        StatementId: "org",
        Action: "lambda:GetLayerVersion",
        Principal: "*",
        OrganizationId: "o-abcdefghij",
        RevisionId: add.RevisionId,
      }),
    );
    const policy = await t.lambda.send(
      new GetLayerVersionPolicyCommand({ LayerName: "perm", VersionNumber: 1 }),
    );
    const doc = JSON.parse(policy.Policy ?? "") as {
      Statement: { Sid: string; Condition?: unknown }[];
    };
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["share-one", "org"]);
    expect(doc.Statement[1]?.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" },
    });

    const again = await failure(
      t.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "org",
          Action: "lambda:GetLayerVersion",
          Principal: "*",
        }),
      ),
    );
    expect(again).toMatchObject({ name: "ResourceConflictException", status: 409 });
    const stale = await failure(
      t.lambda.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "org",
          RevisionId: add.RevisionId,
        }),
      ),
    );
    expect(stale).toMatchObject({ name: "PreconditionFailedException", status: 412 });
    const badAction = await failure(
      t.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "x",
          Action: "lambda:InvokeFunction",
          Principal: "*",
        }),
      ),
    );
    expect(badAction).toMatchObject({ name: "ValidationException" });

    await t.lambda.send(
      new RemoveLayerVersionPermissionCommand({
        LayerName: "perm",
        VersionNumber: 1,
        StatementId: "org",
        RevisionId: policy.RevisionId,
      }),
    );
    const missing = await failure(
      t.lambda.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "org",
        }),
      ),
    );
    expect(missing).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Statement org is not found in resource policy.",
    });
  });

  test("DeleteLayerVersion: gone from the API, numbers keep growing, functions using it keep it; deleting again succeeds", async () => {
    const v1 = await publish("del");
    await t.lambda.send(
      new CreateFunctionCommand(createInput("uses-del", { Layers: [v1.LayerVersionArn ?? ""] })),
    );
    await settled(t.lambda, "uses-del");
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: "del", VersionNumber: 1 }));
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: "del", VersionNumber: 1 }));
    expect(
      await failure(
        t.lambda.send(new GetLayerVersionCommand({ LayerName: "del", VersionNumber: 1 })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect((await publish("del")).Version).toBe(2);
    const fn = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "uses-del" }),
    );
    expect(fn.Layers).toEqual([{ Arn: `${PREFIX}del:1`, CodeSize: ZIP.length }]);
    // A deleted version cannot be newly referenced.
    const refused = await failure(
      t.lambda.send(
        new CreateFunctionCommand(createInput("new-del", { Layers: [`${PREFIX}del:1`] })),
      ),
    );
    expect(refused).toMatchObject({
      name: "InvalidParameterValueException",
      message: `Layer version ${PREFIX}del:1 does not exist.`,
    });
  });
});

describe("functions' Layers", () => {
  test("are validated, stored and returned as Configuration.Layers; six are refused; Layers: [] removes them", async () => {
    const arns: string[] = [];
    for (let i = 0; i < 6; i++) arns.push((await publish(`six-${i}`)).LayerVersionArn ?? "");
    const six = await failure(
      t.lambda.send(new CreateFunctionCommand(createInput("six", { Layers: arns }))),
    );
    expect(six).toMatchObject({
      name: "InvalidParameterValueException",
      status: 400,
      message: "Cannot reference more than 5 layers.",
    });
    const created = await t.lambda.send(
      new CreateFunctionCommand(createInput("five", { Layers: arns.slice(0, 5) })),
    );
    expect(created.Layers).toEqual(arns.slice(0, 5).map((Arn) => ({ Arn, CodeSize: ZIP.length })));
    await settled(t.lambda, "five");
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: "five", Layers: arns }),
        ),
      ),
    ).toMatchObject({ message: "Cannot reference more than 5 layers." });
    const unknown = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: "five",
          Layers: [`${PREFIX}six-0:9`],
        }),
      ),
    );
    expect(unknown).toMatchObject({
      name: "InvalidParameterValueException",
      message: `Layer version ${PREFIX}six-0:9 does not exist.`,
    });
    const malformed = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "five", Layers: ["six-0"] }),
      ),
    );
    expect(malformed).toMatchObject({ name: "ValidationException" });
    const twice = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: "five",
          Layers: [arns[0] ?? "", `${PREFIX}six-0:1`.replace(/:1$/, ":2")],
        }),
      ),
    );
    expect(twice.name).toBe("InvalidParameterValueException");
    // The refused updates changed nothing.
    const still = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "five" }),
    );
    expect(still.Layers).toHaveLength(5);
    const cleared = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "five", Layers: [] }),
    );
    expect(cleared.Layers).toBeUndefined();
  });

  test("the 250 MB unzipped quota counts the layers", async () => {
    // Highly compressible: 140 MB of zeros each, a few hundred KB zipped.
    const big = makeZip({ "big.bin": new Uint8Array(140 * 1024 * 1024) });
    const a = await t.lambda.send(
      new PublishLayerVersionCommand({ LayerName: "big-a", Content: { ZipFile: big } }),
    );
    const b = await t.lambda.send(
      new PublishLayerVersionCommand({ LayerName: "big-b", Content: { ZipFile: big } }),
    );
    const refused = await failure(
      t.lambda.send(
        new CreateFunctionCommand(
          createInput("too-big", { Layers: [a.LayerVersionArn ?? "", b.LayerVersionArn ?? ""] }),
        ),
      ),
    );
    expect(refused.name).toBe("InvalidParameterValueException");
    expect(refused.message).toMatch(
      /^Function code combined with layers exceeds the maximum allowed size of 262144000 bytes\. The actual size is \d+ bytes\.$/,
    );
    const one = await t.lambda.send(
      new CreateFunctionCommand(createInput("big-enough", { Layers: [a.LayerVersionArn ?? ""] })),
    );
    expect(one.Layers).toHaveLength(1);
  });

  test("container image functions refuse layers", async () => {
    const r = await failure(
      t.lambda.send(
        new CreateFunctionCommand({
          FunctionName: "img-layers",
          PackageType: "Image",
          Role: "arn:aws:iam::123456789012:role/lambda-role",
          Code: { ImageUri: "127.0.0.1:5000/x:latest" },
          Layers: [`${PREFIX}six-0:1`],
        }),
      ),
    );
    expect(r).toMatchObject({
      name: "InvalidParameterValueException",
      message:
        "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.",
    });
  });
});
