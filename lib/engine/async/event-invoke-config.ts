import { invalidParameter, resourceNotFound } from "../errors/aws-error";
import {
  constraintError,
  functionNotFound,
  isVersionNumber,
  parseFunctionRef,
} from "../functions/arn";
import type { FunctionsCore } from "../functions/core";

interface DestinationConfig {
  OnSuccess: { Destination?: string };
  OnFailure: { Destination?: string };
}

/** FunctionEventInvokeConfig as the API returns it (LastModified in epoch seconds). */
export interface FunctionEventInvokeConfig {
  LastModified: number;
  FunctionArn: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig: DestinationConfig;
}

/** What the async worker applies to an event: Lambda's defaults when nothing is configured. */
export interface AsyncSettings {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onSuccess?: string;
  onFailure?: string;
}

export const DEFAULT_RETRIES = 2;
export const DEFAULT_MAX_AGE_S = 21_600;

interface RawConfig {
  function_name: string;
  qualifier: string;
  max_retry: number | null;
  max_age: number | null;
  destinations: string | null;
  last_modified: number;
}

const DESTINATION_ARN =
  /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/;

function qualifiedTarget(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
): { name: string; qualifier: string } {
  const ref = parseFunctionRef(rawName, qualifier);
  core.requireFunction(ref.name);
  const q = ref.qualifier ?? "$LATEST";
  if (q !== "$LATEST") {
    const exists = isVersionNumber(q)
      ? core.store.getVersion(ref.name, q)
      : core.store.getAlias(ref.name, q);
    if (!exists) throw functionNotFound(core.arn(ref.name, q));
  }
  return { name: ref.name, qualifier: q };
}

function readRow(core: FunctionsCore, name: string, qualifier: string): RawConfig | undefined {
  return core.ctx.db
    .prepare<[string, string], RawConfig>(
      "SELECT * FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?",
    )
    .get(name, qualifier);
}

function present(core: FunctionsCore, r: RawConfig): FunctionEventInvokeConfig {
  const d = r.destinations
    ? (JSON.parse(r.destinations) as DestinationConfig)
    : { OnSuccess: {}, OnFailure: {} };
  return {
    LastModified: r.last_modified,
    FunctionArn: core.arn(r.function_name, r.qualifier),
    ...(r.max_retry === null ? {} : { MaximumRetryAttempts: r.max_retry }),
    ...(r.max_age === null ? {} : { MaximumEventAgeInSeconds: r.max_age }),
    DestinationConfig: d,
  };
}

const notFound = (core: FunctionsCore, name: string, q: string) =>
  resourceNotFound(`The function ${core.arn(name, q)} doesn't have an EventInvokeConfig`);

function optInt(
  body: Record<string, unknown>,
  key: string,
  field: string,
  min: number,
  max: number,
): number | null | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v))
    throw constraintError(v, field, "Member must be an integer");
  if (v < min)
    throw constraintError(v, field, `Member must have value greater than or equal to ${min}`);
  if (v > max)
    throw constraintError(v, field, `Member must have value less than or equal to ${max}`);
  return v;
}

function parseDestinations(
  core: FunctionsCore,
  name: string,
  body: Record<string, unknown>,
): DestinationConfig | undefined {
  const raw = body.DestinationConfig;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object") throw invalidParameter("DestinationConfig must be an object.");
  const d = raw as Record<string, unknown>;
  const pick = (k: "OnSuccess" | "OnFailure"): { Destination?: string } => {
    const o = d[k];
    if (!o || typeof o !== "object") return {};
    const dest = (o as Record<string, unknown>).Destination;
    if (dest === undefined || dest === null || dest === "") return {};
    if (typeof dest !== "string" || dest.length > 350 || !DESTINATION_ARN.test(dest)) {
      throw constraintError(
        dest,
        `destinationConfig.${k === "OnSuccess" ? "onSuccess" : "onFailure"}.destination`,
        "Member must satisfy regular expression pattern: ^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)",
      );
    }
    if (dest === core.arn(name) || dest.startsWith(`${core.arn(name)}:`)) {
      throw invalidParameter("You can't specify the function as a destination for itself.");
    }
    return { Destination: dest };
  };
  return { OnSuccess: pick("OnSuccess"), OnFailure: pick("OnFailure") };
}

function write(
  core: FunctionsCore,
  name: string,
  q: string,
  retry: number | null,
  age: number | null,
  dest: DestinationConfig | undefined,
): void {
  core.ctx.db
    .prepare(
      "INSERT OR REPLACE INTO event_invoke_configs (function_name, qualifier, max_retry, max_age, destinations, last_modified) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(name, q, retry, age, dest ? JSON.stringify(dest) : null, Date.now() / 1000);
}

/** PutFunctionEventInvokeConfig: replaces the whole configuration. */
export function putEventInvokeConfig(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
  body: Record<string, unknown>,
): FunctionEventInvokeConfig {
  const { name, qualifier: q } = qualifiedTarget(core, rawName, qualifier);
  const retry = optInt(body, "MaximumRetryAttempts", "maximumRetryAttempts", 0, 2);
  const age = optInt(body, "MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 21600);
  write(core, name, q, retry ?? null, age ?? null, parseDestinations(core, name, body));
  const row = readRow(core, name, q);
  if (!row) throw notFound(core, name, q);
  return present(core, row);
}

/** UpdateFunctionEventInvokeConfig: changes only the fields given. */
export function updateEventInvokeConfig(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
  body: Record<string, unknown>,
): FunctionEventInvokeConfig {
  const { name, qualifier: q } = qualifiedTarget(core, rawName, qualifier);
  const current = readRow(core, name, q);
  if (!current) throw notFound(core, name, q);
  const retry = optInt(body, "MaximumRetryAttempts", "maximumRetryAttempts", 0, 2);
  const age = optInt(body, "MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 21600);
  const dest = parseDestinations(core, name, body);
  const prev = current.destinations
    ? (JSON.parse(current.destinations) as DestinationConfig)
    : undefined;
  const merged = dest
    ? {
        OnSuccess:
          "OnSuccess" in ((body.DestinationConfig ?? {}) as object)
            ? dest.OnSuccess
            : (prev?.OnSuccess ?? {}),
        OnFailure:
          "OnFailure" in ((body.DestinationConfig ?? {}) as object)
            ? dest.OnFailure
            : (prev?.OnFailure ?? {}),
      }
    : prev;
  write(
    core,
    name,
    q,
    retry === undefined ? current.max_retry : retry,
    age === undefined ? current.max_age : age,
    merged,
  );
  const row = readRow(core, name, q);
  if (!row) throw notFound(core, name, q);
  return present(core, row);
}

export function getEventInvokeConfig(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
): FunctionEventInvokeConfig {
  const { name, qualifier: q } = qualifiedTarget(core, rawName, qualifier);
  const row = readRow(core, name, q);
  if (!row) throw notFound(core, name, q);
  return present(core, row);
}

export function deleteEventInvokeConfig(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
): void {
  const { name, qualifier: q } = qualifiedTarget(core, rawName, qualifier);
  if (!readRow(core, name, q)) throw notFound(core, name, q);
  core.ctx.db
    .prepare("DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?")
    .run(name, q);
}

export function listEventInvokeConfigs(
  core: FunctionsCore,
  rawName: string,
  marker: string | null,
  maxItems: number,
): { FunctionEventInvokeConfigs: FunctionEventInvokeConfig[]; NextMarker?: string } {
  const ref = parseFunctionRef(rawName);
  core.requireFunction(ref.name);
  const rows = core.ctx.db
    .prepare<[string], RawConfig>(
      "SELECT * FROM event_invoke_configs WHERE function_name = ? ORDER BY qualifier",
    )
    .all(ref.name);
  const after = marker ? rows.findIndex((r) => r.qualifier > marker) : 0;
  const start = after === -1 ? rows.length : after;
  const page = rows.slice(start, start + maxItems);
  const last = page[page.length - 1];
  return {
    FunctionEventInvokeConfigs: page.map((r) => present(core, r)),
    ...(last && start + maxItems < rows.length ? { NextMarker: last.qualifier } : {}),
  };
}

/** The settings the worker applies to an event of this function and qualifier. */
export function asyncSettingsFor(
  core: FunctionsCore,
  name: string,
  qualifier: string | undefined,
): AsyncSettings {
  const row = readRow(core, name, qualifier ?? "$LATEST");
  const d = row?.destinations ? (JSON.parse(row.destinations) as DestinationConfig) : undefined;
  return {
    maximumRetryAttempts: row?.max_retry ?? DEFAULT_RETRIES,
    maximumEventAgeSeconds: row?.max_age ?? DEFAULT_MAX_AGE_S,
    ...(d?.OnSuccess.Destination ? { onSuccess: d.OnSuccess.Destination } : {}),
    ...(d?.OnFailure.Destination ? { onFailure: d.OnFailure.Destination } : {}),
  };
}
