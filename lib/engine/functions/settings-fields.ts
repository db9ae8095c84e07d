import { invalidParameter } from "../errors/aws-error";
import { constraintError } from "./arn";
import type { FunctionConfiguration } from "./types";
import { optNumber, optObject, optString } from "./body-fields";

/**
 * CreateFunction / UpdateFunctionConfiguration settings the engine stores and returns but cannot
 * act on as AWS would (no SQS/SNS, KMS, X-Ray, SnapStart snapshots, tenants or durable
 * executions here). They are validated as the model says, kept, and shown by GetFunction, so a
 * deploy tool's next plan converges; docs/fields.md says what each does (or not) on this engine.
 */
export type SettingsFields = Partial<
  Pick<
    FunctionConfiguration,
    | "DeadLetterConfig"
    | "KMSKeyArn"
    | "TracingConfig"
    | "SnapStart"
    | "TenancyConfig"
    | "DurableConfig"
  >
>;

/** The model's ResourceArn / KMSKeyArn pattern (the empty string clears the setting). */
const RESOURCE_ARN_RE = /^(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)$|^$/s;
const RESOURCE_ARN_PATTERN = "(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()";

function resourceArn(value: string, field: string): string {
  if (value.length > 10000)
    throw constraintError(value, field, "Member must have length less than or equal to 10000");
  if (!RESOURCE_ARN_RE.test(value))
    throw constraintError(
      value,
      field,
      `Member must satisfy regular expression pattern: ${RESOURCE_ARN_PATTERN}`,
    );
  return value;
}

function enumValue<T extends string>(
  value: string | undefined,
  field: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw constraintError(
      value,
      field,
      `Member must satisfy enum value set: [${allowed.join(", ")}]`,
    );
  return value as T;
}

function intRange(value: number | undefined, field: string, min: number, max: number) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw constraintError(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw constraintError(value, field, `Member must have value less than or equal to ${max}`);
  return value;
}

function parseDeadLetter(body: Record<string, unknown>): SettingsFields["DeadLetterConfig"] {
  const dlq = optObject(body, "DeadLetterConfig");
  if (!dlq) return undefined;
  const target = optString(dlq, "TargetArn") ?? "";
  resourceArn(target, "deadLetterConfig.targetArn");
  // AWS sends failed events to an SQS queue or SNS topic only.
  if (target !== "" && !/^arn:aws[a-zA-Z-]*:(sqs|sns):/.test(target))
    throw invalidParameter(
      `The provided target arn ${target} is invalid. The target must be an Amazon SQS queue or an Amazon SNS topic.`,
    );
  return { TargetArn: target };
}

/** Validates the settings of SettingsFields; undefined members were not sent. */
export function parseSettingsFields(body: Record<string, unknown>): SettingsFields {
  const out: SettingsFields = {};
  const dlq = parseDeadLetter(body);
  if (dlq) out.DeadLetterConfig = dlq;
  const kms = optString(body, "KMSKeyArn");
  if (kms !== undefined) out.KMSKeyArn = resourceArn(kms, "kMSKeyArn");
  const tracing = optObject(body, "TracingConfig");
  if (tracing) {
    const mode = enumValue(optString(tracing, "Mode"), "tracingConfig.mode", [
      "Active",
      "PassThrough",
    ] as const);
    out.TracingConfig = { Mode: mode ?? "PassThrough" };
  }
  const snap = optObject(body, "SnapStart");
  if (snap) {
    const applyOn = enumValue(optString(snap, "ApplyOn"), "snapStart.applyOn", [
      "PublishedVersions",
      "None",
    ] as const);
    out.SnapStart = { ApplyOn: applyOn ?? "None", OptimizationStatus: "Off" };
  }
  const tenancy = optObject(body, "TenancyConfig");
  if (tenancy) {
    const mode = enumValue(
      optString(tenancy, "TenantIsolationMode"),
      "tenancyConfig.tenantIsolationMode",
      ["PER_TENANT"] as const,
    );
    if (mode === undefined)
      throw constraintError("null", "tenancyConfig.tenantIsolationMode", "Member must not be null");
    out.TenancyConfig = { TenantIsolationMode: mode };
  }
  const durable = optObject(body, "DurableConfig");
  if (durable) {
    const d: NonNullable<SettingsFields["DurableConfig"]> = {};
    const key = optString(durable, "KMSKeyArn");
    if (key !== undefined) d.KMSKeyArn = resourceArn(key, "durableConfig.kMSKeyArn");
    const days = intRange(
      optNumber(durable, "RetentionPeriodInDays"),
      "durableConfig.retentionPeriodInDays",
      1,
      90,
    );
    if (days !== undefined) d.RetentionPeriodInDays = days;
    const timeout = intRange(
      optNumber(durable, "ExecutionTimeout"),
      "durableConfig.executionTimeout",
      1,
      31622400,
    );
    if (timeout !== undefined) d.ExecutionTimeout = timeout;
    out.DurableConfig = d;
  }
  return out;
}

/**
 * CreateFunction-only members: TenancyConfig cannot change after creation (AWS's rule), and the
 * engine has no capacity providers, so CapacityProviderConfig / PublishTo are refused with a
 * clear error rather than dropped.
 */
export function checkCreateOnlyFields(body: Record<string, unknown>): void {
  const capacity = optObject(body, "CapacityProviderConfig");
  if (capacity) {
    const mi = optObject(capacity, "LambdaManagedInstancesCapacityProviderConfig");
    const arn = mi ? optString(mi, "CapacityProviderArn") : undefined;
    throw invalidParameter(
      `Capacity providers are not available on this engine: ${arn ?? "CapacityProviderConfig"} cannot be used.`,
    );
  }
  const publishTo = optString(body, "PublishTo");
  if (publishTo !== undefined) {
    enumValue(publishTo, "publishTo", ["LATEST_PUBLISHED"] as const);
    throw invalidParameter("PublishTo is only supported for functions with a capacity provider.");
  }
}

/** UpdateFunctionConfiguration: members AWS does not let an update change. */
export function checkUpdateOnlyFields(body: Record<string, unknown>): void {
  if (optObject(body, "CapacityProviderConfig"))
    throw invalidParameter("Capacity providers are not available on this engine.");
}

/** After a patch: "" clears KMSKeyArn and DeadLetterConfig.TargetArn, as on AWS. */
export function settleSettingsFields(c: FunctionConfiguration): void {
  if (c.KMSKeyArn === "") delete c.KMSKeyArn;
  if (c.DeadLetterConfig && !c.DeadLetterConfig.TargetArn) delete c.DeadLetterConfig;
  if (c.DurableConfig && Object.keys(c.DurableConfig).length === 0) delete c.DurableConfig;
}

/** A published version: SnapStart's OptimizationStatus is On when it applies to versions. */
export function snapStartForVersion(
  s: FunctionConfiguration["SnapStart"],
): FunctionConfiguration["SnapStart"] {
  return {
    ApplyOn: s.ApplyOn,
    OptimizationStatus: s.ApplyOn === "PublishedVersions" ? "On" : "Off",
  };
}

/**
 * What the engine cannot do of a function's settings, said once per execution environment in
 * the function's own log (where a user looks when a setting seems to have no effect).
 */
export function settingsNotices(c: FunctionConfiguration): string[] {
  const out: string[] = [];
  const note = (text: string) => out.push(`[lambda-console] ${text}`);
  if (c.DeadLetterConfig?.TargetArn)
    note(
      `DeadLetterConfig ${c.DeadLetterConfig.TargetArn}: this engine has no SQS or SNS, so failed asynchronous events are not sent there (an OnFailure destination to a function works).`,
    );
  if (c.TracingConfig.Mode === "Active")
    note("TracingConfig Active: this engine has no X-Ray, so no traces are recorded.");
  if (c.KMSKeyArn)
    note(`KMSKeyArn ${c.KMSKeyArn}: this engine has no KMS; the key is stored but not used.`);
  if (c.SnapStart.ApplyOn === "PublishedVersions")
    note("SnapStart: this engine takes no snapshots; every environment initialises normally.");
  if (c.TenancyConfig)
    note("TenancyConfig PER_TENANT: this engine does not keep environments apart per tenant.");
  if (c.DurableConfig)
    note("DurableConfig: this engine has no durable executions; invocations run as usual.");
  return out;
}
