import { constraintError } from "../functions/arn";
import type { LayerVersionRow } from "./layer-store";
import { LAYER_ARCHITECTURES, LAYER_RUNTIMES } from "./runtimes";
import type { LayersService } from "./service";

export interface LayerVersionsListItem {
  LayerVersionArn: string;
  Version: number;
  Description: string;
  CreatedDate: string;
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
}

export interface ListFilters {
  runtime: string | null;
  architecture: string | null;
  marker: string | null;
  maxItems: string | null;
}

function checkFilters(f: ListFilters): number {
  if (f.runtime !== null && !LAYER_RUNTIMES.includes(f.runtime))
    throw constraintError(
      f.runtime,
      "compatibleRuntime",
      `Member must satisfy enum value set: [${LAYER_RUNTIMES.join(", ")}]`,
    );
  if (f.architecture !== null && !LAYER_ARCHITECTURES.includes(f.architecture))
    throw constraintError(
      f.architecture,
      "compatibleArchitecture",
      "Member must satisfy enum value set: [x86_64, arm64]",
    );
  if (f.maxItems === null) return 50;
  const n = Number(f.maxItems);
  if (!Number.isInteger(n) || n < 1)
    throw constraintError(
      f.maxItems,
      "maxItems",
      "Member must have value greater than or equal to 1",
    );
  if (n > 50)
    throw constraintError(
      f.maxItems,
      "maxItems",
      "Member must have value less than or equal to 50",
    );
  return n;
}

/** A version matches when it names the asked runtime / architecture among its compatible ones. */
function matches(row: LayerVersionRow, f: ListFilters): boolean {
  if (f.runtime !== null && !row.compatibleRuntimes?.includes(f.runtime)) return false;
  if (f.architecture !== null && !row.compatibleArchitectures?.includes(f.architecture))
    return false;
  return true;
}

const encode = (v: string | number) => Buffer.from(JSON.stringify(v)).toString("base64url");
function decode(marker: string | null): unknown {
  if (marker === null) return undefined;
  try {
    return JSON.parse(Buffer.from(marker, "base64url").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function listItem(svc: LayersService, row: LayerVersionRow): LayerVersionsListItem {
  const { Content, LayerArn, ...rest } = svc.document(row);
  void Content;
  void LayerArn;
  return rest;
}

/** ListLayers: each layer with its newest version that matches the filters, by name. */
export function listLayers(svc: LayersService, f: ListFilters) {
  const max = checkFilters(f);
  const after = decode(f.marker);
  const latest = new Map<string, LayerVersionRow>();
  for (const row of svc.store.listAll()) {
    if (!latest.has(row.layerName) && matches(row, f)) latest.set(row.layerName, row);
  }
  const all = [...latest.values()].filter((r) => typeof after !== "string" || r.layerName > after);
  const page = all.slice(0, max);
  const last = page[page.length - 1];
  return {
    Layers: page.map((row) => ({
      LayerName: row.layerName,
      LayerArn: svc.document(row).LayerArn,
      LatestMatchingVersion: listItem(svc, row),
    })),
    ...(all.length > max && last ? { NextMarker: encode(last.layerName) } : {}),
  };
}

/** ListLayerVersions: one layer's versions, newest first; an unknown layer lists nothing. */
export function listLayerVersions(svc: LayersService, name: string | undefined, f: ListFilters) {
  const max = checkFilters(f);
  const after = decode(f.marker);
  const rows = (name === undefined ? [] : svc.store.listVersions(name)).filter(
    (r) => matches(r, f) && (typeof after !== "number" || r.version < after),
  );
  const page = rows.slice(0, max);
  const last = page[page.length - 1];
  return {
    LayerVersions: page.map((r) => listItem(svc, r)),
    ...(rows.length > max && last ? { NextMarker: encode(last.version) } : {}),
  };
}
