import { invalidParameter, resourceConflict } from "../errors/aws-error";
import { Violations } from "../../lambda-rules/constraints";
import {
  aliasNotFound,
  checkFunctionName,
  constraintError,
  functionNotFound,
  isVersionNumber,
  parseFunctionRef,
  type FunctionRef,
} from "./arn";
import { acceptZipFile, withSignature } from "./code-input";
import { lastModifiedNow, newRevisionId, type FunctionsCore } from "./core";
import type { VersionRow } from "./function-store";
import { CREATING, scheduleSettle } from "./lifecycle";
import type { FunctionConfiguration } from "./types";
import {
  optBoolean,
  optObject,
  optString,
  optStringMap,
  parseConfigPatch,
  type ConfigPatch,
} from "./validate";
import { publishFrom } from "./versions";
import {
  checkCreateOnlyFields,
  checkUpdateOnlyFields,
  settleSettingsFields,
} from "./settings-fields";
import { checkTags } from "./tag-rules";
import { settleFileSystemConfigs } from "./file-system-config";
import { acceptImageUri, imageConfigResponse, parseImageConfigInput } from "./function-image";

const required = (field: string) => constraintError("null", field, "Member must not be null");

/** A version row for the qualifier (version number, $LATEST or alias) and the ARN to show it under. */
export function lookupQualified(
  core: FunctionsCore,
  ref: FunctionRef,
): { row: VersionRow; shown?: string } {
  const q = ref.qualifier;
  if (q === undefined) return { row: core.requireLatest(ref.name) };
  if (q === "$LATEST" || isVersionNumber(q)) {
    const row = core.store.getVersion(ref.name, q);
    if (!row) throw functionNotFound(core.arn(ref.name, q));
    return { row, shown: q };
  }
  const alias = core.store.getAlias(ref.name, q);
  if (!alias) throw functionNotFound(core.arn(ref.name, q));
  const row = core.store.getVersion(ref.name, alias.functionVersion);
  if (!row) throw aliasNotFound(core.arn(ref.name, q));
  return { row, shown: q };
}

/** Applies a validated patch over a configuration (LoggingConfig merges field by field). */
function applyPatch(base: FunctionConfiguration, patch: ConfigPatch): FunctionConfiguration {
  const { Environment, LoggingConfig, ...rest } = patch;
  const c: FunctionConfiguration = { ...base, ...rest };
  if (Environment) c.Environment = Environment; // an empty map is echoed as {}, as AWS does
  if (LoggingConfig) {
    const lc = { ...base.LoggingConfig, ...LoggingConfig };
    if (lc.LogFormat === "JSON") {
      lc.ApplicationLogLevel ??= "INFO";
      lc.SystemLogLevel ??= "INFO";
    } else if (LoggingConfig.ApplicationLogLevel || LoggingConfig.SystemLogLevel) {
      throw invalidParameter(
        'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again.',
      );
    } else {
      delete lc.ApplicationLogLevel;
      delete lc.SystemLogLevel;
    }
    c.LoggingConfig = lc;
  }
  settleSettingsFields(c);
  return c;
}

export async function createFunction(
  core: FunctionsCore,
  body: Record<string, unknown>,
): Promise<FunctionConfiguration> {
  const rawName = optString(body, "FunctionName");
  // The name's violations are reported with the configuration's, in one ValidationException.
  const violations = new Violations();
  if (rawName === undefined) violations.add(null, "functionName", "Member must not be null");
  else checkFunctionName(violations, rawName, "FunctionName");
  if (body.Role === undefined || body.Role === null)
    violations.add(null, "role", "Member must not be null");
  if (body.Code === undefined || body.Code === null)
    violations.add(null, "code", "Member must not be null");
  const patch = parseConfigPatch(body, violations);
  const { name } = parseFunctionRef(rawName ?? "", undefined, { shape: "FunctionName" });
  checkCreateOnlyFields(body);
  const packageType = optString(body, "PackageType") ?? "Zip";
  if (packageType !== "Zip" && packageType !== "Image")
    throw constraintError(
      packageType,
      "packageType",
      "Member must satisfy enum value set: [Zip, Image]",
    );
  if (patch.Role === undefined) throw required("role"); // collected above; narrows the type
  const isImage = packageType === "Image";
  if (isImage && (patch.Runtime !== undefined || patch.Handler !== undefined)) {
    throw invalidParameter(
      "Runtime and Handler are not supported for functions created with container images.",
    );
  }
  if (!isImage && (patch.Runtime === undefined || patch.Handler === undefined)) {
    throw invalidParameter(
      "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
    );
  }
  const codeInput = optObject(body, "Code");
  if (!codeInput) throw required("code");
  // Images: the tag is resolved and pulled while Pending (see lifecycle.ts), not here.
  const imageCode = isImage ? acceptImageUri(codeInput.ImageUri) : undefined;
  const imageConfig = imageConfigResponse(parseImageConfigInput(body));
  if (!isImage && imageConfig)
    throw invalidParameter("ImageConfig is only supported for functions with PackageType Image.");
  // Code signing: the configuration must exist; the package is checked against it below.
  const codeSigningConfigArn = optString(body, "CodeSigningConfigArn");
  if (codeSigningConfigArn !== undefined) {
    if (isImage)
      throw invalidParameter("Code signing is not supported for functions with PackageType Image.");
    if (!core.codeSigning) throw invalidParameter("Code signing is not available.");
    core.codeSigning.requireConfig(codeSigningConfigArn);
  }
  const tags = optStringMap(body, "Tags") ?? {};
  checkTags(tags);
  const publish = optBoolean(body, "Publish") ?? false;
  const exists = () => {
    if (core.store.getFunction(name)) throw resourceConflict(`Function already exist: ${name}`);
  };
  exists();
  const code = imageCode
    ? { size: 0, sha256: "", hex: "" }
    : await acceptZipFile(core, codeInput, "CreateFunction", {
        functionName: name,
        configArn: codeSigningConfigArn,
      });
  if (!code) throw invalidParameter("Please provide a source for function code.");

  const base: FunctionConfiguration = {
    FunctionName: name,
    FunctionArn: core.arn(name),
    Role: patch.Role,
    CodeSize: code.size,
    Description: "",
    Timeout: 3,
    MemorySize: 128,
    LastModified: lastModifiedNow(),
    CodeSha256: code.sha256,
    Version: "$LATEST",
    RevisionId: newRevisionId(),
    State: "Pending",
    StateReason: CREATING.reason,
    StateReasonCode: CREATING.code,
    LastUpdateStatus: "InProgress",
    PackageType: packageType,
    ...(imageCode
      ? { ImageCode: imageCode, ...(imageConfig ? { ImageConfigResponse: imageConfig } : {}) }
      : {}),
    Architectures: ["x86_64"],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${name}` },
    TracingConfig: { Mode: "PassThrough" },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
  };
  const config = await core.layers.apply(
    body,
    withSignature(applyPatch(base, patch), "signing" in code ? code.signing : {}),
    code.hex,
    "create",
  );
  settleFileSystemConfigs(core.ctx.db, config, core.ctx.config); // EFS mounts (issue 17)
  const latest: VersionRow = {
    functionName: name,
    version: "$LATEST",
    config,
    codeHex: code.hex,
    codeSize: code.size,
  };
  const published = core.store.transaction(() => {
    exists(); // another create may have won while the zip was inspected
    core.store.insertFunction(name, tags);
    if (codeSigningConfigArn !== undefined) core.codeSigning?.attach(name, codeSigningConfigArn);
    core.store.putVersion(latest);
    return publish ? publishFrom(core, latest, undefined) : undefined;
  });
  scheduleSettle(core, name);
  core.emit(name, "created");
  // With Publish, AWS answers with version 1's configuration under the unqualified ARN.
  return published
    ? { ...core.present(published), FunctionArn: core.arn(name) }
    : core.present(latest);
}

/** Marks $LATEST as updating with a new configuration and, with Publish, publishes it. */
function commitUpdate(
  core: FunctionsCore,
  latest: VersionRow,
  config: FunctionConfiguration,
  publish: boolean,
): FunctionConfiguration {
  const next: VersionRow = {
    ...latest,
    codeHex: latest.codeHex,
    config: {
      ...config,
      LastModified: lastModifiedNow(),
      RevisionId: newRevisionId(),
      LastUpdateStatus: "InProgress",
      LastUpdateStatusReason: CREATING.reason,
      LastUpdateStatusReasonCode: CREATING.code,
    },
  };
  const published = core.store.transaction(() => {
    // What a failed update goes back to (see lifecycle's settledRow): $LATEST as stored now.
    const before = core.store.getVersion(latest.functionName, "$LATEST");
    if (before?.config.State === "Active") core.store.putUpdateFallback(before);
    core.store.putVersion(next);
    return publish ? publishFrom(core, next, undefined) : undefined;
  });
  scheduleSettle(core, latest.functionName);
  return core.present(published ?? next);
}

export async function updateFunctionCode(
  core: FunctionsCore,
  rawName: string,
  body: Record<string, unknown>,
): Promise<FunctionConfiguration> {
  const violations = new Violations();
  checkFunctionName(violations, rawName, "FunctionName");
  const patch = parseConfigPatch({ Architectures: body.Architectures }, violations);
  const { name } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  const revision = optString(body, "RevisionId");
  const check = () => {
    const latest = core.requireLatest(name);
    core.assertRevision(revision, latest.config.RevisionId);
    core.assertWritable(latest);
    return latest;
  };
  const current = check();
  if (current.config.PackageType === "Image") {
    if (body.ImageUri === undefined || body.ImageUri === null)
      throw invalidParameter(
        "Please provide ImageUri when updating a function with packageType Image.",
      );
    const imageCode = acceptImageUri(body.ImageUri);
    const config = applyPatch({ ...current.config, ImageCode: imageCode }, patch);
    if (optBoolean(body, "DryRun")) return core.present({ ...current, config });
    return commitUpdate(core, current, config, optBoolean(body, "Publish") ?? false);
  }
  if (body.ImageUri !== undefined && body.ImageUri !== null)
    throw invalidParameter(
      "Please don't provide ImageUri when updating a function with packageType Zip.",
    );
  const code = await acceptZipFile(core, body, "UpdateFunctionCode", { functionName: name });
  if (!code) throw invalidParameter("Please provide a source for function code.");
  // The new code and the function's layers stay within 250 MB unzipped together.
  await core.layers.apply({}, current.config, code.hex, "update");
  const latest = check(); // re-checked: the zip inspection yielded
  const config = applyPatch(
    withSignature({ ...latest.config, CodeSha256: code.sha256, CodeSize: code.size }, code.signing),
    patch,
  );
  if (optBoolean(body, "DryRun")) return core.present({ ...latest, config });
  return commitUpdate(
    core,
    { ...latest, codeHex: code.hex, codeSize: code.size },
    config,
    optBoolean(body, "Publish") ?? false,
  );
}

export async function updateFunctionConfiguration(
  core: FunctionsCore,
  rawName: string,
  body: Record<string, unknown>,
): Promise<FunctionConfiguration> {
  // The request is validated (name and fields together) before the function is looked up.
  const violations = new Violations();
  checkFunctionName(violations, rawName, "FunctionName");
  const patch = parseConfigPatch(body, violations);
  checkUpdateOnlyFields(body);
  const { name } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  const check = () => {
    const latest = core.requireLatest(name);
    core.assertRevision(optString(body, "RevisionId"), latest.config.RevisionId);
    core.assertWritable(latest);
    return latest;
  };
  const before = check();
  const layered = await core.layers.apply(body, before.config, before.codeHex, "update");
  const latest = check(); // re-checked: the layers' size check yielded
  const config = applyPatch({ ...latest.config, Layers: layered.Layers }, patch);
  if (!layered.Layers) delete config.Layers;
  settleFileSystemConfigs(core.ctx.db, config, core.ctx.config); // EFS mounts (issue 17)
  const imageConfig = parseImageConfigInput(body);
  if (imageConfig) {
    if (config.PackageType !== "Image")
      throw invalidParameter("ImageConfig is only supported for functions with PackageType Image.");
    const shown = imageConfigResponse(imageConfig);
    if (shown) config.ImageConfigResponse = shown;
    else delete config.ImageConfigResponse;
  }
  return commitUpdate(core, latest, config, false);
}

export function deleteFunction(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
): void {
  const ref = parseFunctionRef(rawName, qualifier);
  core.requireFunction(ref.name);
  const q = ref.qualifier;
  if (q === undefined) {
    core.store.deleteFunction(ref.name);
    core.emit(ref.name, "deleted");
    return;
  }
  if (q === "$LATEST")
    throw invalidParameter("$LATEST version cannot be deleted without deleting the function.");
  if (!isVersionNumber(q))
    throw invalidParameter("Deletion of aliases is not currently supported.");
  // A version that is not there (never published, or deleted before) is gone already: 204 as AWS.
  if (!core.store.getVersion(ref.name, q)) return;
  const users = core.store
    .listAliases(ref.name)
    .filter((a) => a.functionVersion === q || (a.routing !== undefined && q in a.routing))
    .map((a) => a.name);
  if (users.length > 0)
    throw resourceConflict(
      `Unable to delete version because the following aliases reference it: [${users.join(", ")}]`,
    );
  core.store.deleteVersion(ref.name, q);
  core.emit(ref.name, "published");
}
