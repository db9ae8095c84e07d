import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  paginateListLayerVersions,
} from "@aws-sdk/client-lambda";
import { createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";

import { engineTest } from "@/test/support/fixtures";
import { LAYER_ARN_PREFIX as PREFIX, LAYER_ZIP as ZIP, publishLayer } from "@/test/support/layers";

let t: TestEngine;
const test = engineTest("layers-api-");
test.beforeAll(({ testEngine }) => {
  t = testEngine;
});
const publish = (name: string, extra?: Parameters<typeof publishLayer>[2]) =>
  publishLayer(t, name, extra);

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
});
