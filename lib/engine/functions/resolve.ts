import fs from "node:fs";
import { resourceConflict } from "../errors/aws-error";
import { functionNotFound, isVersionNumber, parseFunctionRef } from "./arn";
import type { FunctionsCore } from "./core";
import type { AliasRow, FunctionRow } from "./function-store";
import type { InvocationTarget } from "./types";
import { imageLaunchFor } from "./function-image";

/** What H1's invoker calls on every Invoke; throws AwsError (404, 409) as AWS answers. */
export type ResolveTarget = (
  functionName: string,
  qualifier: string | undefined,
) => InvocationTarget;

interface CachedFunction {
  fn: FunctionRow;
  targets: Map<string, InvocationTarget>;
  aliases: Map<string, AliasRow | null>;
}

/** Picks the version of a weighted alias at random, so traffic really splits by weight. */
export function pickAliasVersion(
  alias: Pick<AliasRow, "functionVersion" | "routing">,
  random: () => number = Math.random,
): string {
  if (!alias.routing) return alias.functionVersion;
  let r = random();
  for (const [version, weight] of Object.entries(alias.routing)) {
    if (r < weight) return version;
    r -= weight;
  }
  return alias.functionVersion;
}

/**
 * Resolves name/ARN + qualifier to an InvocationTarget, caching per function (Invoke is the hot
 * path). A function's entry is dropped when it changes; during an update the previous target
 * keeps serving until the new code is unpacked, as AWS keeps running the old code.
 */
export class TargetResolver {
  private readonly cache = new Map<string, CachedFunction>();

  constructor(private readonly core: FunctionsCore) {
    core.onChange((name, kind) => {
      if (kind !== "tags") this.cache.delete(name);
    });
  }

  readonly resolveTarget: ResolveTarget = (functionName, qualifier) => {
    const ref = parseFunctionRef(functionName, qualifier === "" ? undefined : qualifier);
    const entry = this.entry(ref.name);
    let version = ref.qualifier ?? "$LATEST";
    if (version !== "$LATEST" && !isVersionNumber(version)) {
      let alias = entry.aliases.get(version);
      if (alias === undefined) {
        alias = this.core.store.getAlias(ref.name, version) ?? null;
        entry.aliases.set(version, alias);
      }
      if (!alias) throw functionNotFound(this.core.arn(ref.name, version));
      version = pickAliasVersion(alias);
    }
    const cached = entry.targets.get(version);
    if (cached) return cached;
    const target = this.load(entry.fn, version, ref.qualifier);
    entry.targets.set(version, target);
    return target;
  };

  private entry(name: string): CachedFunction {
    let e = this.cache.get(name);
    if (!e) {
      const fn = this.core.store.getFunction(name);
      if (!fn) throw functionNotFound(this.core.arn(name));
      e = { fn, targets: new Map(), aliases: new Map() };
      this.cache.set(name, e);
    }
    return e;
  }

  private load(fn: FunctionRow, version: string, asked: string | undefined): InvocationTarget {
    const row = this.core.store.getVersion(fn.name, version);
    if (!row) throw functionNotFound(this.core.arn(fn.name, asked ?? version));
    const state = row.config.State;
    if (state !== "Active") {
      throw resourceConflict(
        `The operation cannot be performed at this time. The function is currently in the following state: ${state}`,
      );
    }
    const image =
      row.config.PackageType === "Image" ? imageLaunchFor(this.core.ctx, row.config) : undefined;
    const codeDir = image ? image.rootfsDir : this.core.code.unpackedDir(row.codeHex);
    if (!fs.existsSync(codeDir)) {
      throw resourceConflict(
        `The operation cannot be performed at this time. An update is in progress for resource: ${this.core.arn(fn.name)}`,
      );
    }
    const layerDirs = image ? [] : this.core.layers.dirsOf(row.config);
    return {
      config: this.core.present(row),
      version,
      codeDir,
      ...(layerDirs.length > 0 ? { layerDirs } : {}),
      ...(image ? { image } : {}),
      ...(fn.reservedConcurrency !== undefined
        ? { reservedConcurrency: fn.reservedConcurrency }
        : {}),
    };
  }
}
