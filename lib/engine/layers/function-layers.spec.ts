import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  PublishLayerVersionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { createInput, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { LAYER_ARN_PREFIX as PREFIX, LAYER_ZIP as ZIP, publishLayer } from "@/test/support/layers";

let t: TestEngine;
const test = engineTest("function-layers-");
test.beforeAll(({ testEngine }) => {
  t = testEngine;
});
const publish = (name: string, extra?: Parameters<typeof publishLayer>[2]) =>
  publishLayer(t, name, extra);

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
