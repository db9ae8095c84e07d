import crypto from "node:crypto";
import type { EngineContext } from "../context";
import { preconditionFailed, resourceConflict } from "../errors/aws-error";
import { functionArn, functionNotFound } from "./arn";
import { CodeStore } from "./code-store";
import { FunctionStore, type FunctionRow, type VersionRow } from "./function-store";
import type { FunctionConfiguration } from "./types";
import { runtimeVersionArn } from "./runtime-version";
import type { CodeSigningHooks } from "./code-signing-hooks";
import type { FunctionLayers } from "./function-layers-port";
import type { EngineRegistry } from "../images/local-registry";

/** What changed: the resolver drops its cache, the invoker retires environments. */
export type ChangeKind =
  "created" | "updated" | "deleted" | "published" | "aliases" | "tags" | "concurrency";
export type ChangeListener = (functionName: string, kind: ChangeKind) => void;

export const REVISION_MISMATCH =
  "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id";

/** AWS's timestamp format for LastModified: 2024-05-01T12:00:00.000+0000 */
export function lastModifiedNow(): string {
  return new Date().toISOString().replace("Z", "+0000");
}

export const newRevisionId = () => crypto.randomUUID();

/**
 * Shared state of the control plane: the store, the code blobs, change listeners and the
 * background work (state transitions) that shutdown must wait for.
 */
export class FunctionsCore {
  readonly store: FunctionStore;
  readonly code: CodeStore;
  private readonly listeners: ChangeListener[] = [];
  private readonly background = new Set<Promise<unknown>>();

  /** S3 code sources and code-signing checks (lib/engine/signing), when the engine has them. */
  readonly codeSigning: CodeSigningHooks | undefined;
  /** Layers of a function's configuration (lib/engine/layers). */
  readonly layers: FunctionLayers;
  /** The engine's local image registry: image versions are pulled through it. */
  readonly registry: EngineRegistry;

  constructor(
    readonly ctx: EngineContext,
    services: {
      codeSigning?: CodeSigningHooks;
      layers: (core: FunctionsCore) => FunctionLayers;
      registry: EngineRegistry;
    },
  ) {
    this.codeSigning = services.codeSigning;
    this.layers = services.layers(this);
    this.registry = services.registry;
    this.store = new FunctionStore(ctx.db);
    this.code = new CodeStore(ctx.config.dataDir);
  }

  arn(name: string, qualifier?: string): string {
    return functionArn(this.ctx.arnPrefix, name, qualifier);
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  emit(name: string, kind: ChangeKind): void {
    for (const l of this.listeners) {
      try {
        l(name, kind);
      } catch (err) {
        console.error("[engine] change listener failed", err);
      }
    }
  }

  track(p: Promise<unknown>): void {
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
    await this.code.drain();
  }

  requireFunction(name: string): FunctionRow {
    const fn = this.store.getFunction(name);
    if (!fn) throw functionNotFound(this.arn(name));
    return fn;
  }

  requireLatest(name: string): VersionRow {
    const v = this.store.getVersion(name, "$LATEST");
    if (!v) throw functionNotFound(this.arn(name));
    return v;
  }

  /** AWS refuses writes while the function is being created or updated. */
  assertWritable(latest: VersionRow): void {
    const c = latest.config;
    if (c.State === "Pending") {
      throw resourceConflict(
        `The operation cannot be performed at this time. The function is currently in the following state: ${c.State}`,
      );
    }
    if (c.LastUpdateStatus === "InProgress") {
      throw resourceConflict(
        `The operation cannot be performed at this time. An update is in progress for resource: ${this.arn(latest.functionName)}`,
      );
    }
  }

  assertRevision(given: string | undefined, current: string): void {
    if (given !== undefined && given !== current) throw preconditionFailed(REVISION_MISMATCH);
  }

  /**
   * The configuration as the API shows it: $LATEST's ARN is unqualified unless a qualifier was
   * asked for; while Pending there is no LastUpdateStatus yet (AWS omits it on create).
   */
  present(row: VersionRow, shownQualifier?: string): FunctionConfiguration {
    const c: FunctionConfiguration = { ...row.config };
    delete c.ImageCode; // GetFunction shows it under Code, never in the configuration
    if (shownQualifier !== undefined) c.FunctionArn = this.arn(row.functionName, shownQualifier);
    else
      c.FunctionArn = this.arn(
        row.functionName,
        row.version === "$LATEST" ? undefined : row.version,
      );
    // Zip functions run a managed runtime: AWS names its version in every configuration.
    if (c.PackageType === "Zip" && c.Runtime !== undefined)
      c.RuntimeVersionConfig = {
        RuntimeVersionArn: runtimeVersionArn(this.ctx.config.region, c.Runtime),
      };
    if (c.State === "Pending") {
      const shown = c as Partial<FunctionConfiguration>;
      delete shown.LastUpdateStatus;
      delete shown.LastUpdateStatusReason;
      delete shown.LastUpdateStatusReasonCode;
    }
    return c;
  }
}
