import fs from "node:fs";
import yauzl from "yauzl";
import { invalidParameter } from "../errors/aws-error";
import { constraintError } from "../functions/arn";
import type { FunctionsCore } from "../functions/core";
import type { FunctionConfiguration } from "../functions/types";
import { MAX_UNZIPPED_BYTES } from "../functions/zip";
import { LAYER_VERSION_ARN_PATTERN, layerVersionArn, parseLayerVersionArn } from "./layer-arn";
import { LayerStore, type LayerVersionRow } from "./layer-store";
import type { PackageVerdict } from "../functions/code-signing-hooks";
import type { FunctionLayers } from "../functions/function-layers-port";

/** The control plane's layers (FunctionsCore.layers), bound to one engine's functions. */
export function functionLayers(core: FunctionsCore): FunctionLayers {
  return {
    apply: (body, config, codeHex, operation) =>
      applyLayers(core, body, config, codeHex, operation),
    dirsOf: (config) => layerDirsOf(core, config),
  };
}

const MAX_LAYERS = 5;

/** The unzipped size of a stored code blob, read from the zip's central directory. */
async function unzippedSize(core: FunctionsCore, hex: string): Promise<number> {
  if (!hex) return 0;
  const zf = await yauzl.openPromise(core.code.blobPath(hex), { lazyEntries: true });
  let total = 0;
  try {
    for await (const entry of zf.eachEntry()) total += entry.uncompressedSize;
  } finally {
    zf.close();
  }
  return total;
}

/** The layer versions a `Layers` list names, in order; AWS's errors for what cannot be used. */
function resolveLayerList(core: FunctionsCore, raw: unknown): LayerVersionRow[] {
  if (!Array.isArray(raw) || raw.some((a) => typeof a !== "string"))
    throw constraintError(raw, "layers", "Member must not be null");
  const arns = raw as string[];
  if (arns.length > MAX_LAYERS) throw invalidParameter("Cannot reference more than 5 layers.");
  const store = new LayerStore(core.ctx.db);
  const seen = new Map<string, string>();
  return arns.map((arn, i) => {
    const ref = parseLayerVersionArn(arn);
    if (!ref)
      throw constraintError(
        arn,
        `layers.${i + 1}.member`,
        `Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN_PATTERN}`,
      );
    const other = seen.get(ref.name);
    if (other !== undefined)
      throw invalidParameter(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${other} and ${arn} are versions of the same layer.`,
      );
    seen.set(ref.name, arn);
    const local = `${core.ctx.arnPrefix}layer:`;
    const row = arn.startsWith(local) ? store.getVersion(ref.name, ref.version) : undefined;
    if (!row) throw invalidParameter(`Layer version ${arn} does not exist.`);
    return row;
  });
}

/**
 * Applies a request's `Layers` (CreateFunction, UpdateFunctionConfiguration) to a configuration:
 * at most 5, existing versions only, none for container images, and the function's unzipped
 * code and its layers within 250 MB together. Without `Layers` in the body, the current ones
 * stay (still counted against the size). `codeHex`: the function's code blob.
 */
async function applyLayers(
  core: FunctionsCore,
  body: Record<string, unknown>,
  config: FunctionConfiguration,
  codeHex: string,
  operation: "create" | "update",
): Promise<FunctionConfiguration> {
  const raw = body.Layers;
  if (raw === undefined || raw === null) {
    if (config.Layers?.length) await checkTotalSize(core, codeHex, layerRowsOf(core, config));
    return config;
  }
  if (config.PackageType === "Image")
    throw invalidParameter(
      operation === "create"
        ? "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image."
        : "Lambda layers are not supported for functions created with container images.",
    );
  const rows = resolveLayerList(core, raw);
  const verdicts = verifyLayerSignatures(core, body, config, rows);
  await checkTotalSize(core, codeHex, rows);
  for (const v of verdicts) v.recordWarning();
  const next: FunctionConfiguration = { ...config };
  if (rows.length === 0) delete next.Layers;
  else
    next.Layers = rows.map((r) => ({
      Arn: layerVersionArn(core.ctx.arnPrefix, r.layerName, r.version),
      CodeSize: r.codeSize,
    }));
  return next;
}

/**
 * A function under a code signing configuration takes only layers signed by an allowed profile
 * (lib/engine/signing): InvalidCodeSignatureException / CodeVerificationFailedException as for
 * its own code. The verdicts' warnings (Warn policy) are recorded once the attach goes through.
 */
function verifyLayerSignatures(
  core: FunctionsCore,
  body: Record<string, unknown>,
  config: FunctionConfiguration,
  rows: LayerVersionRow[],
): PackageVerdict[] {
  const signing = core.codeSigning;
  if (!signing) return [];
  const configArn =
    typeof body.CodeSigningConfigArn === "string" ? body.CodeSigningConfigArn : undefined;
  return rows.map((r) =>
    signing.verifyPackage({
      functionName: config.FunctionName,
      zip: fs.readFileSync(core.code.blobPath(r.codeHex)),
      ...(configArn !== undefined ? { configArn } : {}),
      what: "layer",
    }),
  );
}

async function checkTotalSize(
  core: FunctionsCore,
  codeHex: string,
  rows: LayerVersionRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const total = (await unzippedSize(core, codeHex)) + rows.reduce((n, r) => n + r.unzippedSize, 0);
  if (total > MAX_UNZIPPED_BYTES)
    throw invalidParameter(
      `Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`,
    );
}

/** The layer versions a stored configuration uses (deleted ones included: they keep working). */
function layerRowsOf(core: FunctionsCore, config: FunctionConfiguration): LayerVersionRow[] {
  const store = new LayerStore(core.ctx.db);
  return (config.Layers ?? []).flatMap((l) => {
    const ref = parseLayerVersionArn(l.Arn);
    const row = ref && store.getVersion(ref.name, ref.version, true);
    return row ? [row] : [];
  });
}

/** The unpacked layer trees of a version, in order, for its /opt (see OptTrees). */
function layerDirsOf(core: FunctionsCore, config: FunctionConfiguration): string[] {
  return layerRowsOf(core, config).map((r) => core.code.unpackedDir(r.codeHex));
}
