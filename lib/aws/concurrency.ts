import "server-only";
import {
  DeleteFunctionConcurrencyCommand,
  DeleteFunctionEventInvokeConfigCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  ListAliasesCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListVersionsByFunctionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  paginateListFunctions,
} from "@aws-sdk/client-lambda";
import { GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { Target } from "../targets/types";
import { getCloudWatchClient, getLambdaClient } from "./clients";
import { AwsFailure } from "./errors";

export interface ProvisionedConfig {
  qualifier: string;
  requested: number;
  available: number;
  allocated: number;
  status: "IN_PROGRESS" | "READY" | "FAILED";
  statusReason?: string;
  lastModified: string;
}

export interface AsyncConfig {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onSuccess?: string;
  onFailure?: string;
  /** False when the function has no event invoke config (Lambda's defaults apply). */
  configured: boolean;
}

export interface FunctionConcurrencyRow {
  name: string;
  reserved?: number;
  /** Highest ConcurrentExecutions in the last 5 minutes (CloudWatch), when metrics answer. */
  recentConcurrency?: number;
}

export async function getReservedConcurrency(
  target: Target,
  name: string,
): Promise<number | undefined> {
  const out = await getLambdaClient(target).send(
    new GetFunctionConcurrencyCommand({ FunctionName: name }),
  );
  return out.ReservedConcurrentExecutions;
}

export async function putReservedConcurrency(
  target: Target,
  name: string,
  reserved: number,
): Promise<number> {
  const out = await getLambdaClient(target).send(
    new PutFunctionConcurrencyCommand({
      FunctionName: name,
      ReservedConcurrentExecutions: reserved,
    }),
  );
  return out.ReservedConcurrentExecutions ?? reserved;
}

export async function deleteReservedConcurrency(target: Target, name: string): Promise<void> {
  await getLambdaClient(target).send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
}

export async function listProvisionedConfigs(
  target: Target,
  name: string,
): Promise<ProvisionedConfig[]> {
  const out = await getLambdaClient(target).send(
    new ListProvisionedConcurrencyConfigsCommand({ FunctionName: name }),
  );
  return (out.ProvisionedConcurrencyConfigs ?? []).map((c) => ({
    qualifier: (c.FunctionArn ?? "").split(":").pop() ?? "",
    requested: c.RequestedProvisionedConcurrentExecutions ?? 0,
    available: c.AvailableProvisionedConcurrentExecutions ?? 0,
    allocated: c.AllocatedProvisionedConcurrentExecutions ?? 0,
    status: c.Status ?? "IN_PROGRESS",
    ...(c.StatusReason ? { statusReason: c.StatusReason } : {}),
    lastModified: c.LastModified ?? "",
  }));
}

/** Published versions and aliases: the qualifiers provisioned concurrency can be set on. */
export async function listProvisionableQualifiers(target: Target, name: string): Promise<string[]> {
  const client = getLambdaClient(target);
  const [versions, aliases] = await Promise.all([
    client.send(new ListVersionsByFunctionCommand({ FunctionName: name })),
    client.send(new ListAliasesCommand({ FunctionName: name })),
  ]);
  const v = (versions.Versions ?? [])
    .map((x) => x.Version ?? "")
    .filter((x) => x !== "" && x !== "$LATEST");
  const a = (aliases.Aliases ?? []).map((x) => x.Name ?? "").filter(Boolean);
  return [...a, ...v];
}

export async function putProvisionedConcurrency(
  target: Target,
  name: string,
  qualifier: string,
  n: number,
): Promise<void> {
  await getLambdaClient(target).send(
    new PutProvisionedConcurrencyConfigCommand({
      FunctionName: name,
      Qualifier: qualifier,
      ProvisionedConcurrentExecutions: n,
    }),
  );
}

export async function deleteProvisionedConcurrency(
  target: Target,
  name: string,
  qualifier: string,
): Promise<void> {
  await getLambdaClient(target).send(
    new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: qualifier }),
  );
}

export async function getAsyncConfig(target: Target, name: string): Promise<AsyncConfig> {
  try {
    const c = await getLambdaClient(target).send(
      new GetFunctionEventInvokeConfigCommand({ FunctionName: name }),
    );
    return {
      configured: true,
      maximumRetryAttempts: c.MaximumRetryAttempts ?? 2,
      maximumEventAgeSeconds: c.MaximumEventAgeInSeconds ?? 21600,
      ...(c.DestinationConfig?.OnSuccess?.Destination
        ? { onSuccess: c.DestinationConfig.OnSuccess.Destination }
        : {}),
      ...(c.DestinationConfig?.OnFailure?.Destination
        ? { onFailure: c.DestinationConfig.OnFailure.Destination }
        : {}),
    };
  } catch (err) {
    if (
      err instanceof AwsFailure &&
      err.kind === "NotFound" &&
      /EventInvokeConfig/.test(err.message)
    )
      return { configured: false, maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 };
    throw err;
  }
}

export async function putAsyncConfig(
  target: Target,
  name: string,
  c: Omit<AsyncConfig, "configured">,
): Promise<void> {
  await getLambdaClient(target).send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: name,
      MaximumRetryAttempts: c.maximumRetryAttempts,
      MaximumEventAgeInSeconds: c.maximumEventAgeSeconds,
      DestinationConfig: {
        OnSuccess: c.onSuccess ? { Destination: c.onSuccess } : {},
        OnFailure: c.onFailure ? { Destination: c.onFailure } : {},
      },
    }),
  );
}

export async function deleteAsyncConfig(target: Target, name: string): Promise<void> {
  await getLambdaClient(target).send(
    new DeleteFunctionEventInvokeConfigCommand({ FunctionName: name }),
  );
}

/** Sum (or max) of one AWS/Lambda metric per function over a window, via one GetMetricData call per 500 functions. */
async function metricPerFunction(
  target: Target,
  names: string[],
  metric: string,
  stat: "Sum" | "Maximum",
  windowMs: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const end = new Date();
  const start = new Date(end.getTime() - windowMs);
  for (let i = 0; i < names.length; i += 500) {
    const chunk = names.slice(i, i + 500);
    const queries: MetricDataQuery[] = chunk.map((n, j) => ({
      Id: `m${j}`,
      MetricStat: {
        Metric: {
          Namespace: "AWS/Lambda",
          MetricName: metric,
          Dimensions: [{ Name: "FunctionName", Value: n }],
        },
        Period: Math.ceil(windowMs / 1000),
        Stat: stat,
      },
    }));
    const r = await getCloudWatchClient(target).send(
      new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end }),
    );
    for (const res of r.MetricDataResults ?? []) {
      const n = chunk[Number((res.Id ?? "m-1").slice(1))];
      const values = res.Values ?? [];
      if (n !== undefined && values.length > 0)
        out.set(n, stat === "Sum" ? values.reduce((a, b) => a + b, 0) : Math.max(...values));
    }
  }
  return out;
}

/** Functions that throttled in the last hour (GetMetricData Throttles), with their count. Throws AwsFailure. */
export async function getRecentThrottles(
  target: Target,
  names: string[],
): Promise<Record<string, number>> {
  if (names.length === 0) return {};
  const m = await metricPerFunction(target, names, "Throttles", "Sum", 3600_000);
  return Object.fromEntries([...m].filter(([, v]) => v > 0));
}

/** Every function with its reservation and recent concurrency, for the account page. Throws AwsFailure. */
export async function listFunctionConcurrency(target: Target): Promise<FunctionConcurrencyRow[]> {
  const client = getLambdaClient(target);
  const names: string[] = [];
  for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) {
    for (const fn of page.Functions ?? []) if (fn.FunctionName) names.push(fn.FunctionName);
  }
  const reserved = await Promise.all(
    names.map((n) =>
      client
        .send(new GetFunctionConcurrencyCommand({ FunctionName: n }))
        .then((r) => r.ReservedConcurrentExecutions),
    ),
  );
  const recent = await metricPerFunction(
    target,
    names,
    "ConcurrentExecutions",
    "Maximum",
    5 * 60_000,
  ).catch(() => new Map<string, number>());
  return names.map((name, i) => {
    const r = reserved[i];
    const c = recent.get(name);
    return {
      name,
      ...(r === undefined ? {} : { reserved: r }),
      ...(c === undefined ? {} : { recentConcurrency: c }),
    };
  });
}
