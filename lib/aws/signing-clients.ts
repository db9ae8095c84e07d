import "server-only";
import { S3Client } from "@aws-sdk/client-s3";
import { SignerClient } from "@aws-sdk/client-signer";
import type { Target } from "../targets/types";
import { cachedClient } from "./client-cache";

/** One S3 client per target: path-style on an endpoint (the local engine serves no bucket hosts). */
export const getS3Client = (target: Target): S3Client =>
  cachedClient("s3", target, (s) => new S3Client({ ...s, forcePathStyle: Boolean(s.endpoint) }));

export const getSignerClient = (target: Target): SignerClient =>
  cachedClient("signer", target, (s) => new SignerClient(s));
