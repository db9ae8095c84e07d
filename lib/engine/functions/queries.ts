import { constraintError, parseFunctionRef } from "./arn";
import type { FunctionsCore } from "./core";
import { lookupQualified } from "./service";
import type { FunctionConfiguration } from "./types";
import { imageCodeLocation } from "./function-image";

export function getFunctionConfiguration(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
): FunctionConfiguration {
  const { row, shown } = lookupQualified(core, parseFunctionRef(rawName, qualifier));
  return core.present(row, shown);
}

export interface GetFunctionOutput {
  Configuration: FunctionConfiguration;
  Code: { RepositoryType: "S3"; Location: string } | ReturnType<typeof imageCodeLocation>;
  Tags?: Record<string, string>;
  Concurrency?: { ReservedConcurrentExecutions: number };
}

/** GetFunction; `codeLocation` turns a blob's hex sha256 into a download URL. */
export function getFunction(
  core: FunctionsCore,
  rawName: string,
  qualifier: string | undefined,
  codeLocation: (hex: string) => string,
): GetFunctionOutput {
  const ref = parseFunctionRef(rawName, qualifier);
  const { row, shown } = lookupQualified(core, ref);
  const fn = core.requireFunction(ref.name);
  return {
    Configuration: core.present(row, shown),
    Code:
      row.config.PackageType === "Image"
        ? imageCodeLocation(row.config)
        : { RepositoryType: "S3", Location: codeLocation(row.codeHex) },
    ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
    ...(fn.reservedConcurrency !== undefined
      ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }
      : {}),
  };
}

/** Opaque ListFunctions marker: the last (function, version) of the previous page. */
const encodeMarker = (name: string, version: string) =>
  Buffer.from(JSON.stringify([name, version])).toString("base64url");
function decodeMarker(marker: string): [string, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(marker, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string")
      return [v[0], v[1]];
  } catch {
    // fall through: an unknown marker starts nowhere, as an exhausted listing
  }
  return undefined;
}
const versionRank = (v: string) => (v === "$LATEST" ? -1 : Number(v));

export function listFunctions(
  core: FunctionsCore,
  functionVersion: string | null,
  marker: string | null,
  maxItems: number,
): { Functions: FunctionConfiguration[]; NextMarker?: string } {
  if (functionVersion !== null && functionVersion !== "ALL") {
    throw constraintError(
      functionVersion,
      "functionVersion",
      "Member must satisfy enum value set: [ALL]",
    );
  }
  const all = functionVersion === "ALL";
  const rows = core.store.listAll(all);
  let start = 0;
  if (marker) {
    const m = decodeMarker(marker);
    start = rows.length;
    if (m) {
      const [mn, mv] = m;
      const i = rows.findIndex(
        (r) =>
          r.functionName > mn ||
          (r.functionName === mn && versionRank(r.version) > versionRank(mv)),
      );
      if (i !== -1) start = i;
    }
  }
  const page = rows.slice(start, start + maxItems);
  const last = page[page.length - 1];
  const more = start + maxItems < rows.length;
  return {
    Functions: page.map((r) =>
      core.present(r, all && r.version === "$LATEST" ? "$LATEST" : undefined),
    ),
    ...(more && last ? { NextMarker: encodeMarker(last.functionName, last.version) } : {}),
  };
}
