import { S3Client } from "@aws-sdk/client-s3";
import type { RunningEngine } from "../../lib/engine/engine";

/** An S3 client for the engine: path-style, the engine's own key, SDK defaults otherwise. */
export function s3ClientFor(engine: RunningEngine): S3Client {
  return new S3Client({
    endpoint: engine.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: {
      accessKeyId: engine.ctx.config.accessKeyId,
      secretAccessKey: engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
  });
}
