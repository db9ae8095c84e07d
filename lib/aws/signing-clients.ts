import "server-only";
import { S3Client } from "@aws-sdk/client-s3";
import { SignerClient } from "@aws-sdk/client-signer";
import type { Target } from "../targets/types";
import { cacheKey, settingsFor } from "./clients";

const s3Clients = new Map<string, S3Client>();
const signerClients = new Map<string, SignerClient>();

/** One S3 client per target: path-style on an endpoint (the local engine serves no bucket hosts). */
export function getS3Client(target: Target): S3Client {
  const settings = settingsFor(target);
  const key = cacheKey(target, settings);
  let client = s3Clients.get(key);
  if (!client) {
    client = new S3Client({ ...settings, forcePathStyle: Boolean(settings.endpoint) });
    s3Clients.set(key, client);
  }
  return client;
}

export function getSignerClient(target: Target): SignerClient {
  const settings = settingsFor(target);
  const key = cacheKey(target, settings);
  let client = signerClients.get(key);
  if (!client) {
    client = new SignerClient(settings);
    signerClients.set(key, client);
  }
  return client;
}
