import { invalidParameter } from "../errors/aws-error";
import { parseFunctionRef } from "./arn";
import { newRevisionId, type FunctionsCore } from "./core";
import type { VersionRow } from "./function-store";
import type { FunctionConfiguration } from "./types";
import { optString } from "./validate";
import { snapStartForVersion } from "./settings-fields";
import { listedConfiguration, type ListedConfiguration } from "./list-shape";

// Fields that make two versions the same function; everything else is bookkeeping.
const VOLATILE = new Set([
  "FunctionArn",
  "Version",
  "RevisionId",
  "LastModified",
  "Description",
  "State",
  "StateReason",
  "StateReasonCode",
  "LastUpdateStatus",
  "LastUpdateStatusReason",
  "LastUpdateStatusReasonCode",
]);

function fingerprint(c: FunctionConfiguration): string {
  const entries = Object.entries(c)
    .filter(([k]) => !VOLATILE.has(k))
    // A version's SnapStart says On where $LATEST says Off: only ApplyOn is the setting.
    .map(([k, v]) => (k === "SnapStart" ? [k, c.SnapStart.ApplyOn] : [k, v]) as [string, unknown]);
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}

/**
 * Snapshots $LATEST as the next version, inside the caller's transaction. The new version
 * shares $LATEST's state, so a version published while $LATEST is Pending settles with it.
 */
export function publishFrom(
  core: FunctionsCore,
  latest: VersionRow,
  description: string | undefined,
): VersionRow {
  const fn = core.requireFunction(latest.functionName);
  const version = String(fn.lastPublished + 1);
  const row: VersionRow = {
    ...latest,
    version,
    config: {
      ...latest.config,
      FunctionArn: core.arn(latest.functionName, version),
      Version: version,
      Description: description ?? latest.config.Description,
      RevisionId: newRevisionId(),
      SnapStart: snapStartForVersion(latest.config.SnapStart),
    },
  };
  core.store.putVersion(row);
  core.store.setLastPublished(latest.functionName, fn.lastPublished + 1);
  // Publishing is a change to the function: AWS gives $LATEST a new RevisionId.
  const current = core.store.getVersion(latest.functionName, "$LATEST");
  if (current)
    core.store.putVersion({
      ...current,
      config: { ...current.config, RevisionId: newRevisionId() },
    });
  return row;
}

export function publishVersion(
  core: FunctionsCore,
  rawName: string,
  body: Record<string, unknown>,
): FunctionConfiguration {
  const { name } = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  const latest = core.requireLatest(name);
  const sha = optString(body, "CodeSha256");
  if (sha !== undefined && sha !== latest.config.CodeSha256) {
    throw invalidParameter(
      `CodeSHA256 (${sha}) is different from current CodeSHA256 in $LATEST (${latest.config.CodeSha256}). Please try again from the start.`,
    );
  }
  core.assertRevision(optString(body, "RevisionId"), latest.config.RevisionId);
  core.assertWritable(latest);
  // Nothing changed since the last publish: AWS hands back that version instead of a new one.
  const fn = core.requireFunction(name);
  if (fn.lastPublished > 0) {
    const last = core.store.getVersion(name, String(fn.lastPublished));
    // A Description given to PublishVersion is not a change; a new one on $LATEST since is.
    const sameDescription =
      last?.config.LastModified === latest.config.LastModified ||
      last?.config.Description === latest.config.Description;
    if (last && sameDescription && fingerprint(last.config) === fingerprint(latest.config))
      return core.present(last);
  }
  const row = core.store.transaction(() =>
    publishFrom(core, latest, optString(body, "Description")),
  );
  core.emit(name, "published");
  return core.present(row);
}

export function listVersionsByFunction(
  core: FunctionsCore,
  rawName: string,
  marker: string | null,
  maxItems: number,
): {
  Versions: ListedConfiguration[];
  NextMarker?: string;
} {
  const { name } = parseFunctionRef(rawName);
  core.requireFunction(name);
  const rows = core.store.listVersions(name);
  let start = 0;
  if (marker) {
    const i = rows.findIndex((r) => r.version === marker);
    start = i === -1 ? rows.length : i + 1;
  }
  const page = rows.slice(start, start + maxItems);
  const more = start + maxItems < rows.length;
  const last = page[page.length - 1];
  return {
    Versions: page.map((r) => listedConfiguration(core.present(r, r.version))),
    ...(more && last ? { NextMarker: last.version } : {}),
  };
}
