import { constraintError, functionNotFound, isVersionNumber, parseFunctionRef } from "./arn";
import type { FunctionsCore } from "./core";
import { invalidParameter } from "../errors/aws-error";

const RUNTIME_VERSION_ARN =
  /^arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}::runtime:.+$/;

/** The model's UnqualifiedFunctionName: a qualifier is a pattern violation. */
function unqualified(core: FunctionsCore, raw: string): string {
  const ref = parseFunctionRef(raw, undefined, { shape: "UnqualifiedFunctionName" });
  core.requireFunction(ref.name);
  return ref.name;
}

/** GetFunctionRecursionConfig: Terminate unless a PutFunctionRecursionConfig said Allow. */
export function getRecursionConfig(core: FunctionsCore, raw: string): { RecursiveLoop: string } {
  const name = unqualified(core, raw);
  const row = core.ctx.db
    .prepare<[string], { recursive_loop: string }>(
      "SELECT recursive_loop FROM function_recursion WHERE function_name = ?",
    )
    .get(name);
  return { RecursiveLoop: row?.recursive_loop ?? "Terminate" };
}

export function putRecursionConfig(
  core: FunctionsCore,
  raw: string,
  body: Record<string, unknown>,
): { RecursiveLoop: string } {
  const loop = body.RecursiveLoop;
  if (loop === undefined || loop === null)
    throw constraintError("null", "recursiveLoop", "Member must not be null");
  if (loop !== "Allow" && loop !== "Terminate")
    throw constraintError(
      loop,
      "recursiveLoop",
      "Member must satisfy enum value set: [Allow, Terminate]",
    );
  const name = unqualified(core, raw);
  core.ctx.db
    .prepare(
      "INSERT OR REPLACE INTO function_recursion (function_name, recursive_loop) VALUES (?, ?)",
    )
    .run(name, loop);
  return { RecursiveLoop: loop };
}

function versionTarget(core: FunctionsCore, raw: string, qualifier: string | undefined) {
  const ref = parseFunctionRef(raw, qualifier);
  core.requireFunction(ref.name);
  const q = ref.qualifier ?? "$LATEST";
  if (q !== "$LATEST" && (!isVersionNumber(q) || !core.store.getVersion(ref.name, q)))
    throw functionNotFound(core.arn(ref.name, q));
  return { name: ref.name, q, arn: core.arn(ref.name, q === "$LATEST" ? undefined : q) };
}

interface RuntimeRow {
  update_runtime_on: string;
  runtime_version_arn: string | null;
}

/** GetRuntimeManagementConfig: Auto unless set; RuntimeVersionArn only in Manual mode. */
export function getRuntimeManagementConfig(core: FunctionsCore, raw: string, qualifier?: string) {
  const { name, q, arn } = versionTarget(core, raw, qualifier);
  const row = core.ctx.db
    .prepare<[string, string], RuntimeRow>(
      "SELECT update_runtime_on, runtime_version_arn FROM runtime_management WHERE function_name = ? AND qualifier = ?",
    )
    .get(name, q);
  return {
    UpdateRuntimeOn: row?.update_runtime_on ?? "Auto",
    FunctionArn: arn,
    ...(row?.runtime_version_arn ? { RuntimeVersionArn: row.runtime_version_arn } : {}),
  };
}

export function putRuntimeManagementConfig(
  core: FunctionsCore,
  raw: string,
  qualifier: string | undefined,
  body: Record<string, unknown>,
) {
  const mode = body.UpdateRuntimeOn;
  if (mode === undefined || mode === null)
    throw constraintError("null", "updateRuntimeOn", "Member must not be null");
  if (mode !== "Auto" && mode !== "Manual" && mode !== "FunctionUpdate")
    throw constraintError(
      mode,
      "updateRuntimeOn",
      "Member must satisfy enum value set: [Auto, Manual, FunctionUpdate]",
    );
  const versionArn = body.RuntimeVersionArn;
  if (versionArn !== undefined && versionArn !== null) {
    if (
      typeof versionArn !== "string" ||
      versionArn.length < 26 ||
      !RUNTIME_VERSION_ARN.test(versionArn)
    )
      throw constraintError(
        versionArn,
        "runtimeVersionArn",
        "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}::runtime:.+",
      );
  }
  if (mode === "Manual" && typeof versionArn !== "string")
    throw invalidParameter("RuntimeVersionArn is required when UpdateRuntimeOn is Manual.");
  if (mode !== "Manual" && typeof versionArn === "string")
    throw invalidParameter(`RuntimeVersionArn is not supported when UpdateRuntimeOn is ${mode}.`);
  const { name, q, arn } = versionTarget(core, raw, qualifier);
  core.ctx.db
    .prepare(
      "INSERT OR REPLACE INTO runtime_management (function_name, qualifier, update_runtime_on, runtime_version_arn) VALUES (?, ?, ?, ?)",
    )
    .run(name, q, mode, typeof versionArn === "string" ? versionArn : null);
  return {
    UpdateRuntimeOn: mode,
    FunctionArn: arn,
    ...(typeof versionArn === "string" ? { RuntimeVersionArn: versionArn } : {}),
  };
}
