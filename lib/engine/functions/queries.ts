import { constraintError, parseFunctionRef } from "./arn";
import type { FunctionsCore } from "./core";
import { lookupQualified } from "./service";
import type { FunctionConfiguration } from "./types";
import { imageCodeLocation } from "./function-image";
import { listedConfiguration, type ListedConfiguration } from "./list-shape";

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
): { Functions: ListedConfiguration[]; NextMarker?: string } {
  if (functionVersion !== null && functionVersion !== "ALL") {
    throw constraintError(
      functionVersion,
      "functionVersion",
      "Member must satisfy enum value set: [ALL]",
    );
  }
  const all = functionVersion === "ALL";
  // Rows after the marker's (function, version), one more than the page to know if more follow.
  let after = { name: "", rank: null as number | null };
  if (marker) {
    const m = decodeMarker(marker);
    if (!m) return { Functions: [] };
    const rank = versionRank(m[1]);
    after = { name: m[0], rank: Number.isNaN(rank) ? null : rank };
  }
  const rows = core.store.listPage(all, after, maxItems + 1);
  const page = rows.slice(0, maxItems);
  const last = page[page.length - 1];
  const more = rows.length > maxItems;
  return {
    Functions: page.map((r) =>
      listedConfiguration(core.present(r, all && r.version === "$LATEST" ? "$LATEST" : undefined)),
    ),
    ...(more && last ? { NextMarker: encodeMarker(last.functionName, last.version) } : {}),
  };
}
