import { LambdaClient } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { resolveLocalCredentials, type StaticCredentials } from "../targets/local-target";
import type { Target } from "../targets/types";
import { AwsFailure, unreachableMessage } from "./errors";

interface ClientSettings {
  region: string;
  endpoint?: string;
  profile?: string;
  credentials?: StaticCredentials;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}

/**
 * The SDK settings for a target. The local engine gets its own keys, read per call because a
 * fresh data dir means fresh keys; AWS targets use the default chain or the named profile.
 */
export function settingsFor(target: Target): ClientSettings {
  const base = {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    // Fail fast on a dead endpoint: the page shows an error state instead of hanging.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
  };
  if (target.kind === "local") {
    const creds = resolveLocalCredentials();
    if (!creds.ok) {
      throw new AwsFailure(
        "Unavailable",
        `${unreachableMessage(target, "ECONNREFUSED")} (${creds.message})`,
        "NoEngineCredentials",
      );
    }
    return { ...base, credentials: creds.credentials, maxAttempts: 1 };
  }
  return { ...base, ...(target.profile ? { profile: target.profile } : {}), maxAttempts: 2 };
}

export function cacheKey(target: Target, settings: ClientSettings): string {
  return [
    target.id,
    settings.region,
    settings.endpoint ?? "",
    settings.profile ?? "",
    settings.credentials?.accessKeyId ?? "",
  ].join("|");
}

const lambdaClients = new Map<string, LambdaClient>();
const logsClients = new Map<string, CloudWatchLogsClient>();

/** One Lambda client per target + region (+ key), reused across requests. */
export function getLambdaClient(target: Target): LambdaClient {
  const settings = settingsFor(target);
  const key = cacheKey(target, settings);
  let client = lambdaClients.get(key);
  if (!client) {
    client = new LambdaClient(settings);
    lambdaClients.set(key, client);
  }
  return client;
}

/** One CloudWatch Logs client per target + region (+ key). */
export function getLogsClient(target: Target): CloudWatchLogsClient {
  const settings = settingsFor(target);
  const key = cacheKey(target, settings);
  let client = logsClients.get(key);
  if (!client) {
    // StartLiveTail prefixes the host with "streaming-", which a local endpoint cannot serve.
    client = new CloudWatchLogsClient({ ...settings, disableHostPrefix: Boolean(target.endpoint) });
    logsClients.set(key, client);
  }
  return client;
}

const cloudWatchClients = new Map<string, CloudWatchClient>();

/** One CloudWatch (metrics) client per target + region (+ key). */
export function getCloudWatchClient(target: Target): CloudWatchClient {
  const settings = settingsFor(target);
  const key = cacheKey(target, settings);
  let client = cloudWatchClients.get(key);
  if (!client) {
    client = new CloudWatchClient(settings);
    cloudWatchClients.set(key, client);
  }
  return client;
}
