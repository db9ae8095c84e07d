import "server-only";
import { RDSClient } from "@aws-sdk/client-rds";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import type { Target } from "../targets/types";
import { cachedClient, settingsFor } from "./client-cache";
import { AwsFailure, mapAwsError } from "./errors";
import { Sha256 } from "./sha256";

export const getRdsClient = (target: Target): RDSClient =>
  cachedClient("rds", target, (s) => new RDSClient(s), mapDatabaseError);

export const getSecretsClient = (target: Target): SecretsManagerClient =>
  cachedClient("secretsmanager", target, (s) => new SecretsManagerClient(s));

/** RDS faults by their SDK names, onto the console's error kinds. */
export function mapDatabaseError(err: unknown, target: Target): AwsFailure {
  const name = (err as { name?: string })?.name ?? "";
  const message = (err as { message?: string })?.message ?? String(err);
  if (/NotFound(Fault)?$/.test(name)) return new AwsFailure("NotFound", message, name);
  if (/AlreadyExists|AlreadyRegistered/.test(name))
    return new AwsFailure("Conflict", message, name);
  if (/^Invalid.*State/.test(name)) return new AwsFailure("Conflict", message, name);
  if (/^(InvalidParameter|MissingParameter|InvalidRequest)/.test(name))
    return new AwsFailure("Invalid", message, name);
  return mapAwsError(err, target);
}

/**
 * A signed call to one of the local engine's console routes (no AWS API has the figures or the
 * grant they serve). Local targets only.
 */
export async function engineRoute<T>(target: Target, method: string, path: string): Promise<T> {
  const s = settingsFor(target);
  if (target.kind !== "local" || !s.endpoint || !s.credentials)
    throw new AwsFailure("Invalid", "Only the local engine serves this.", "NotLocal");
  const url = new URL(path, s.endpoint);
  const signer = new SignatureV4({
    credentials: s.credentials,
    region: s.region,
    service: "lambda",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host },
    }),
  );
  const headers = { ...signed.headers } as Record<string, string>;
  delete headers.host;
  const res = await fetch(url, { method, headers, signal: AbortSignal.timeout(10_000) });
  const body = (await res.json().catch(() => ({}))) as T & { Message?: string };
  if (!res.ok)
    throw new AwsFailure(
      res.status === 404 ? "NotFound" : "Internal",
      body.Message ?? `HTTP ${res.status}`,
      res.headers.get("x-amzn-errortype") ?? "EngineError",
    );
  return body;
}
