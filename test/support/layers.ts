import { PublishLayerVersionCommand } from "@aws-sdk/client-lambda";
import { makeZip, type TestEngine } from "./lambda";

/** The layer ARN of the test engine's account, up to the layer name. */
export const LAYER_ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:layer:";

/** A small Node.js layer (node_modules/x). */
export const LAYER_ZIP = makeZip({ "nodejs/node_modules/x/index.js": "module.exports = 1;\n" });

/** PublishLayerVersion of LAYER_ZIP under `LayerName`, with optional compatibility and texts. */
export const publishLayer = (
  t: TestEngine,
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
      Content: { ZipFile: LAYER_ZIP },
      ...(extra as object),
    }) as PublishLayerVersionCommand,
  );
