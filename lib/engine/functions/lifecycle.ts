import { newRevisionId, type FunctionsCore } from "./core";
import { ensureNodeRuntime, nodeMajorOf } from "../runtimes/nodejs/node-runtime";
import { ensurePythonRuntime } from "../runtimes/python/python-runtime";
import type { FunctionConfiguration } from "./types";
import type { VersionRow } from "./function-store";
import { restoreFunctionImage, settleFunctionImage } from "./function-image";
import { RUNTIME_FAILURE_CODE, runtimeFailure } from "../../lambda-rules/runtimes";

/** The reasons AWS reports while a function is being created or updated. */
export const CREATING = { reason: "The function is being created.", code: "Creating" } as const;

function finish(
  config: FunctionConfiguration,
  failure: string | undefined,
  failureCode = "InvalidZipFileException",
): FunctionConfiguration {
  const c = { ...config };
  // A Failed function that an update fixed (a runtime this engine runs, a good package) is Active.
  if (c.State === "Failed" && !failure) c.State = "Pending";
  if (c.State === "Pending") {
    delete c.StateReason;
    delete c.StateReasonCode;
    c.State = failure ? "Failed" : "Active";
    if (failure) {
      c.StateReason = failure;
      c.StateReasonCode = failureCode;
    }
  }
  delete c.LastUpdateStatusReason;
  delete c.LastUpdateStatusReasonCode;
  c.LastUpdateStatus = failure ? "Failed" : "Successful";
  if (failure) {
    c.LastUpdateStatusReason = failure;
    c.LastUpdateStatusReasonCode = failureCode;
  }
  // AWS gives a version a new revision when its state settles.
  c.RevisionId = newRevisionId();
  return c;
}

/**
 * A version whose code is ready (failure undefined) or not. A failed update of an Active $LATEST
 * goes back to the code and configuration kept before it (update_fallbacks), marked Failed: as
 * AWS, which aborts the update and keeps the previous code and configuration running.
 */
function settledRow(
  core: FunctionsCore,
  current: VersionRow,
  failure: string | undefined,
  failureCode?: string,
): VersionRow {
  const isUpdate = current.version === "$LATEST" && current.config.State === "Active";
  const before = isUpdate ? core.store.takeUpdateFallback(current.functionName) : undefined;
  if (!failure || !before)
    return { ...current, config: finish(current.config, failure, failureCode) };
  return { ...before, config: finish(before.config, failure, failureCode) };
}

const unsettled = (c: FunctionConfiguration) =>
  c.State === "Pending" || c.LastUpdateStatus === "InProgress";

/**
 * Moves a function's Pending / InProgress versions to Active / Successful once their code is
 * unpacked (or to Failed with the reason). Runs after the response, as AWS's do.
 */
async function settle(core: FunctionsCore, name: string): Promise<void> {
  await new Promise((r) => setImmediate(r));
  const rows = core.store.listVersions(name).filter((v) => unsettled(v.config));
  for (const row of rows) {
    if (row.config.PackageType === "Image") {
      await settleImageVersion(core, row);
      continue;
    }
    // A current runtime this engine cannot run (java21, dotnet8...): accepted, then Failed.
    const unrunnable = runtimeFailure(row.config.Runtime);
    if (unrunnable) {
      const current = core.store.getVersion(name, row.version);
      if (current?.config.RevisionId === row.config.RevisionId)
        core.store.putVersion(settledRow(core, current, unrunnable, RUNTIME_FAILURE_CODE));
      continue;
    }
    let failure: string | undefined;
    try {
      await core.code.ensureUnpacked(row.codeHex);
      // nodejsNN.x: Node.js NN fetched once before the version goes Active (never fails it).
      await ensureNodeRuntime(core.ctx, row.config.Runtime);
      // python3.X: which interpreter runs it, found before the first invoke needs it.
      await ensurePythonRuntime(row.config.Runtime);
    } catch (err) {
      failure = `Lambda was unable to unpack the deployment package: ${err instanceof Error ? err.message : String(err)}`;
    }
    const current = core.store.getVersion(name, row.version);
    if (!current || current.config.RevisionId !== row.config.RevisionId) continue; // deleted or changed meanwhile
    core.store.putVersion(settledRow(core, current, failure));
  }
  if (rows.length > 0) core.emit(name, "updated");
}

/** Image versions: pull + unpack (lib/engine/images), then Active with the digest, or Failed with AWS's code. */
async function settleImageVersion(core: FunctionsCore, row: VersionRow): Promise<void> {
  const r = await settleFunctionImage(core.ctx, core.registry, row.config);
  const current = core.store.getVersion(row.functionName, row.version);
  if (!current || current.config.RevisionId !== row.config.RevisionId) return;
  if (!r.ok) return core.store.putVersion(settledRow(core, current, r.reason, r.reasonCode));
  const config = { ...current.config, CodeSha256: r.CodeSha256, CodeSize: 0, ImageCode: r.code };
  core.store.putVersion(
    settledRow(core, { ...current, codeHex: r.codeHex, codeSize: 0, config }, undefined),
  );
}

export function scheduleSettle(core: FunctionsCore, name: string): void {
  core.track(settle(core, name));
}

/** At start: finish what a stop interrupted and make sure every version's code is unpacked. */
export function reconcileFunctions(core: FunctionsCore): void {
  const names = new Set<string>();
  for (const v of core.store.listAll(true)) {
    if (unsettled(v.config)) names.add(v.functionName);
    else if (v.config.PackageType === "Image")
      core.track(restoreFunctionImage(core.ctx, core.registry, v.config));
    else {
      // nodejsNN.x whose Node.js is not here yet (a restored or upgraded data dir): fetch it.
      if (v.config.State === "Active" && nodeMajorOf(v.config.Runtime) !== undefined)
        core.track(ensureNodeRuntime(core.ctx, v.config.Runtime));
      if (v.config.State === "Active") core.track(ensurePythonRuntime(v.config.Runtime));
      if (v.config.State === "Active" && !core.code.isUnpacked(v.codeHex)) {
        core.track(
          core.code
            .ensureUnpacked(v.codeHex)
            .catch((err: unknown) =>
              console.error(`[engine] unpacking code of ${v.functionName} failed`, err),
            ),
        );
      }
    }
  }
  for (const n of names) scheduleSettle(core, n);
}
