import { invalidParameter, resourceConflict } from "../errors/aws-error";
import {
  ALIAS_PATTERN,
  aliasNotFound,
  constraintError,
  functionNotFound,
  parseFunctionRef,
} from "./arn";
import { newRevisionId, type FunctionsCore } from "./core";
import type { AliasRow } from "./function-store";
import { optObject, optString } from "./validate";

export interface AliasConfiguration {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
  RevisionId: string;
}

const ALIAS_RE = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;
/** The model's VersionWithLatestPublished ($LATEST.PUBLISHED passes it, then names no version here). */
const VERSION_PATTERN = "(\\$LATEST(\\.PUBLISHED)?|[0-9]+)";
const VERSION_RE = /^(\$LATEST(\.PUBLISHED)?|[0-9]+)$/;

function present(core: FunctionsCore, a: AliasRow): AliasConfiguration {
  return {
    AliasArn: core.arn(a.functionName, a.name),
    Name: a.name,
    FunctionVersion: a.functionVersion,
    Description: a.description,
    ...(a.routing && Object.keys(a.routing).length > 0
      ? { RoutingConfig: { AdditionalVersionWeights: a.routing } }
      : {}),
    RevisionId: a.revisionId,
  };
}

function checkAliasName(name: string): void {
  if (name.length > 128)
    throw constraintError(name, "name", "Member must have length less than or equal to 128");
  if (!ALIAS_RE.test(name))
    throw constraintError(
      name,
      "name",
      `Member must satisfy regular expression pattern: ${ALIAS_PATTERN}`,
    );
}

function checkVersion(core: FunctionsCore, fn: string, version: string, field: string): void {
  if (!VERSION_RE.test(version))
    throw constraintError(
      version,
      field,
      `Member must satisfy regular expression pattern: ${VERSION_PATTERN}`,
    );
  if (!core.store.getVersion(fn, version)) throw functionNotFound(core.arn(fn, version));
}

/** Validates RoutingConfig.AdditionalVersionWeights against the primary version. */
function parseRouting(
  core: FunctionsCore,
  fn: string,
  primary: string,
  body: Record<string, unknown>,
): Record<string, number> | undefined {
  const rc = optObject(body, "RoutingConfig");
  if (!rc) return undefined;
  const weights = optObject(rc, "AdditionalVersionWeights") ?? {};
  const entries = Object.entries(weights);
  for (const [v, w] of entries) {
    if (typeof w !== "number" || w < 0 || w > 1) {
      throw constraintError(
        `{${v}=${String(w)}}`,
        "routingConfig.additionalVersionWeights",
        "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]",
      );
    }
    if (!/^[0-9]+$/.test(v)) {
      if (v === "$LATEST")
        throw invalidParameter(
          "$LATEST is not supported for an alias pointing to more than 1 version",
        );
      throw constraintError(
        `{${v}=${w}}`,
        "routingConfig.additionalVersionWeights",
        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]+]",
      );
    }
  }
  if (entries.length > 1) {
    throw constraintError(
      JSON.stringify(weights),
      "routingConfig.additionalVersionWeights",
      "Member must have length less than or equal to 1",
    );
  }
  if (entries.length > 0 && primary === "$LATEST")
    throw invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
  for (const [v] of entries) {
    if (v === primary)
      throw invalidParameter(
        `Invalid function version ${v}. Function version ${v} is already included in routing configuration.`,
      );
    checkVersion(core, fn, v, "routingConfig.additionalVersionWeights");
  }
  return weights as Record<string, number>;
}

export function createAlias(
  core: FunctionsCore,
  rawName: string,
  body: Record<string, unknown>,
): AliasConfiguration {
  const { name: fn } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  const name = optString(body, "Name");
  if (name === undefined) throw constraintError("null", "name", "Member must not be null");
  checkAliasName(name);
  const version = optString(body, "FunctionVersion");
  if (version === undefined)
    throw constraintError("null", "functionVersion", "Member must not be null");
  core.requireFunction(fn);
  checkVersion(core, fn, version, "functionVersion");
  const routing = parseRouting(core, fn, version, body);
  if (core.store.getAlias(fn, name))
    throw resourceConflict(`Alias already exists: ${core.arn(fn, name)}`);
  const row: AliasRow = {
    functionName: fn,
    name,
    functionVersion: version,
    description: optString(body, "Description") ?? "",
    ...(routing && Object.keys(routing).length > 0 ? { routing } : {}),
    revisionId: newRevisionId(),
  };
  core.store.putAlias(row);
  core.emit(fn, "aliases");
  return present(core, row);
}

function requireAlias(core: FunctionsCore, rawName: string, aliasName: string): AliasRow {
  const { name: fn } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  core.requireFunction(fn);
  const a = core.store.getAlias(fn, aliasName);
  if (!a) throw aliasNotFound(core.arn(fn, aliasName));
  return a;
}

export function getAlias(
  core: FunctionsCore,
  rawName: string,
  aliasName: string,
): AliasConfiguration {
  return present(core, requireAlias(core, rawName, aliasName));
}

export function updateAlias(
  core: FunctionsCore,
  rawName: string,
  aliasName: string,
  body: Record<string, unknown>,
): AliasConfiguration {
  const current = requireAlias(core, rawName, aliasName);
  core.assertRevision(optString(body, "RevisionId"), current.revisionId);
  const fn = current.functionName;
  const version = optString(body, "FunctionVersion") ?? current.functionVersion;
  checkVersion(core, fn, version, "functionVersion");
  const routing =
    body.RoutingConfig === undefined ? current.routing : parseRouting(core, fn, version, body);
  if (routing && version === "$LATEST" && Object.keys(routing).length > 0) {
    throw invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
  }
  const { routing: _old, ...rest } = current;
  void _old;
  const row: AliasRow = {
    ...rest,
    functionVersion: version,
    description: optString(body, "Description") ?? current.description,
    ...(routing && Object.keys(routing).length > 0 ? { routing } : {}),
    revisionId: newRevisionId(),
  };
  core.store.putAlias(row);
  core.emit(fn, "aliases");
  return present(core, row);
}

export function deleteAlias(core: FunctionsCore, rawName: string, aliasName: string): void {
  const { name: fn } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  core.requireFunction(fn);
  core.store.deleteAlias(fn, aliasName);
  core.emit(fn, "aliases");
}

export function listAliases(
  core: FunctionsCore,
  rawName: string,
  functionVersion: string | null,
  marker: string | null,
  maxItems: number,
): { Aliases: AliasConfiguration[]; NextMarker?: string } {
  const { name: fn } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  core.requireFunction(fn);
  const rows = core.store
    .listAliases(fn)
    .filter((a) => functionVersion === null || a.functionVersion === functionVersion);
  const start = marker ? rows.findIndex((a) => a.name > marker) : 0;
  const from = start === -1 ? rows.length : start;
  const page = rows.slice(from, from + maxItems);
  const last = page[page.length - 1];
  return {
    Aliases: page.map((a) => present(core, a)),
    ...(from + maxItems < rows.length && last ? { NextMarker: last.name } : {}),
  };
}
