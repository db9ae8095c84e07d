import { engineClientConfig } from "./client-config";
import { S3Client } from "@aws-sdk/client-s3";
import type { RunningEngine } from "../../lib/engine/engine";

/** An S3 client for the engine: path-style, the engine's own key, SDK defaults otherwise. */
export function s3ClientFor(engine: RunningEngine): S3Client {
  return new S3Client({
    ...engineClientConfig(engine),
    forcePathStyle: true,
  });
}
