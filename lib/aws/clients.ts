import "server-only";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EFSClient } from "@aws-sdk/client-efs";
import type { Target } from "../targets/types";
import { cachedClient } from "./client-cache";

export const getLambdaClient = (target: Target): LambdaClient =>
  cachedClient("lambda", target, (s) => new LambdaClient(s));

/** StartLiveTail prefixes the host with "streaming-", which a local endpoint cannot serve. */
export const getLogsClient = (target: Target): CloudWatchLogsClient =>
  cachedClient(
    "logs",
    target,
    (s) => new CloudWatchLogsClient({ ...s, disableHostPrefix: Boolean(target.endpoint) }),
  );

/** CloudWatch metrics. */
export const getCloudWatchClient = (target: Target): CloudWatchClient =>
  cachedClient("monitoring", target, (s) => new CloudWatchClient(s));

/** EFS: file systems (issue 17). */
export const getEfsClient = (target: Target): EFSClient =>
  cachedClient("elasticfilesystem", target, (s) => new EFSClient(s));
