import {
  AwsError,
  invalidParameter,
  resourceConflict,
  resourceNotFound,
} from "../errors/aws-error";
import {
  constraintError,
  functionNotFound,
  isVersionNumber,
  parseFunctionRef,
} from "../functions/arn";
import { lastModifiedNow, type FunctionsCore } from "../functions/core";
import type { ResolveTarget } from "../functions/resolve";
import { minUnreserved, type ConcurrencyLedger } from "./concurrency";
import type { ProvisionedEnvironments, ProvisionedState } from "./provisioned";
import { ProvisionedStore, type ProvisionedRow } from "./provisioned-store";

export interface ProvisionedConfigOutput {
  RequestedProvisionedConcurrentExecutions: number;
  AvailableProvisionedConcurrentExecutions: number;
  AllocatedProvisionedConcurrentExecutions: number;
  Status: ProvisionedState["status"];
  StatusReason?: string;
  LastModified: string;
}

const UNPUBLISHED =
  "Provisioned Concurrency Configs cannot be applied to unpublished function versions.";
const NOT_ALIAS_OR_VERSION =
  "The function resource provided must be an alias or a published version.";

const configNotFound = () =>
  new AwsError(
    404,
    "ProvisionedConcurrencyConfigNotFoundException",
    "No Provisioned Concurrency Config found for this function",
    "message",
  );

/**
 * Provisioned concurrency per version or alias: the configs live in SQLite, the environments in
 * ProvisionedEnvironments; both are reconciled at start and when versions or aliases change.
 */
export class ProvisionedService {
  readonly store: ProvisionedStore;

  constructor(
    private readonly core: FunctionsCore,
    private readonly resolve: ResolveTarget,
    private readonly envs: ProvisionedEnvironments,
    private readonly ledger: ConcurrencyLedger,
    private readonly live: () => number,
  ) {
    this.store = new ProvisionedStore(core.ctx.db);
  }

  /** Name, qualifier and the version the qualifier runs (404s as AWS answers them). */
  private locate(
    rawName: string,
    qualifier: string | undefined,
    forPut: boolean,
  ): { name: string; q: string; version: string } {
    const ref = parseFunctionRef(rawName, qualifier, {
      shape: "FunctionName",
      qualifierShape: "Qualifier",
    });
    const q = ref.qualifier;
    if (q === undefined) throw constraintError("null", "qualifier", "Member must not be null");
    if (q === "$LATEST") throw invalidParameter(forPut ? UNPUBLISHED : NOT_ALIAS_OR_VERSION);
    this.core.requireFunction(ref.name);
    if (isVersionNumber(q)) {
      if (!this.core.store.getVersion(ref.name, q))
        throw functionNotFound(this.core.arn(ref.name, q));
      return { name: ref.name, q, version: q };
    }
    const alias = this.core.store.getAlias(ref.name, q);
    if (!alias) throw resourceNotFound(`Cannot find alias arn: ${this.core.arn(ref.name, q)}`);
    if (forPut && alias.functionVersion === "$LATEST") throw invalidParameter(UNPUBLISHED);
    return { name: ref.name, q, version: alias.functionVersion };
  }

  private output(row: ProvisionedRow): ProvisionedConfigOutput {
    const s = this.envs.state(row.functionName, row.qualifier) ?? {
      status: "IN_PROGRESS",
      allocated: 0,
      available: 0,
    };
    return {
      RequestedProvisionedConcurrentExecutions: row.requested,
      AvailableProvisionedConcurrentExecutions: s.available,
      AllocatedProvisionedConcurrentExecutions: s.allocated,
      Status: s.status,
      ...(s.statusReason ? { StatusReason: s.statusReason } : {}),
      LastModified: row.lastModified,
    };
  }

  put(
    rawName: string,
    qualifier: string | undefined,
    body: Record<string, unknown>,
  ): ProvisionedConfigOutput {
    const n = body.ProvisionedConcurrentExecutions;
    if (n === undefined || n === null)
      throw constraintError("null", "provisionedConcurrentExecutions", "Member must not be null");
    if (typeof n !== "number" || !Number.isInteger(n))
      throw constraintError(n, "provisionedConcurrentExecutions", "Member must be an integer");
    if (n < 1)
      throw constraintError(
        n,
        "provisionedConcurrentExecutions",
        "Member must have value greater than or equal to 1",
      );
    const { name, q, version } = this.locate(rawName, qualifier, true);
    const others = this.store.list(name).filter((r) => r.qualifier !== q);
    for (const r of others) {
      const alias = this.core.store.getAlias(name, r.qualifier);
      if (isVersionNumber(q) && alias?.functionVersion === q)
        throw resourceConflict("Version is pointed by a Provisioned Concurrency alias");
      if (!isVersionNumber(q) && r.qualifier === version)
        throw resourceConflict(
          "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
        );
    }
    const fn = this.core.requireFunction(name);
    const total = others.reduce((s, r) => s + r.requested, 0) + n;
    const limit = this.core.ctx.config.concurrencyLimit;
    if (fn.reservedConcurrency !== undefined) {
      if (total > fn.reservedConcurrency)
        throw invalidParameter(
          "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function",
        );
    } else {
      const otherProvisioned = this.store.totalUnreserved() - this.store.totalFor(name);
      const available =
        limit -
        this.core.store.reservedConcurrencyTotal() -
        otherProvisioned -
        minUnreserved(limit);
      if (total > available)
        throw invalidParameter(
          `Requested Provisioned Concurrency exceeds the account's unreserved concurrency available for it [${Math.max(0, available)}].`,
        );
    }
    const row: ProvisionedRow = {
      functionName: name,
      qualifier: q,
      requested: n,
      lastModified: lastModifiedNow(),
    };
    this.store.put(row);
    this.ledger.setProvisioned(name, total);
    this.allocate(row, version);
    return this.output(row);
  }

  /** Starts the environments in the background: Status IN_PROGRESS → READY or FAILED. */
  private allocate(row: ProvisionedRow, version: string): void {
    const current = this.envs.state(row.functionName, row.qualifier)?.allocated ?? 0;
    const cap = this.core.ctx.config.maxEnvironments;
    if (this.live() - current + row.requested > cap) {
      this.envs.fail(
        row.functionName,
        row.qualifier,
        `The local engine's machine cap of ${cap} execution environments (LAMBDA_ENGINE_MAX_ENVIRONMENTS) leaves no room for ${row.requested} provisioned environments.`,
      );
      return;
    }
    let target;
    try {
      target = this.resolve(row.functionName, version);
    } catch (err) {
      this.envs.fail(
        row.functionName,
        row.qualifier,
        err instanceof Error ? err.message : String(err),
      );
      return;
    }
    this.core.track(this.envs.configure(row.functionName, row.qualifier, target, row.requested));
  }

  get(rawName: string, qualifier: string | undefined): ProvisionedConfigOutput {
    const { name, q } = this.locate(rawName, qualifier, false);
    const row = this.store.get(name, q);
    if (!row) throw configNotFound();
    return this.output(row);
  }

  delete(rawName: string, qualifier: string | undefined): void {
    const { name, q } = this.locate(rawName, qualifier, false);
    if (!this.store.get(name, q)) return; // nothing configured: deleting is idempotent on AWS
    this.store.delete(name, q);
    this.envs.remove(name, q);
    this.ledger.setProvisioned(name, this.store.totalFor(name));
  }

  list(
    rawName: string,
    marker: string | null,
    maxItems: number,
  ): {
    ProvisionedConcurrencyConfigs: (ProvisionedConfigOutput & { FunctionArn: string })[];
    NextMarker?: string;
  } {
    const ref = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
    this.core.requireFunction(ref.name);
    const rows = this.store.list(ref.name);
    const after = marker ? rows.findIndex((r) => r.qualifier > marker) : 0;
    const start = after === -1 ? rows.length : after;
    const page = rows.slice(start, start + maxItems);
    const last = page[page.length - 1];
    return {
      ProvisionedConcurrencyConfigs: page.map((r) => ({
        FunctionArn: this.core.arn(r.functionName, r.qualifier),
        ...this.output(r),
      })),
      ...(last && start + maxItems < rows.length ? { NextMarker: last.qualifier } : {}),
    };
  }

  /** At start, and when a function's versions or aliases change: environments follow the stored configs. */
  reconcile(functionName?: string): void {
    const rows = functionName === undefined ? this.store.all() : this.store.list(functionName);
    const names = new Set(rows.map((r) => r.functionName));
    if (functionName !== undefined) names.add(functionName);
    for (const name of names) {
      const mine = rows.filter((r) => r.functionName === name);
      this.ledger.setProvisioned(
        name,
        mine.reduce((s, r) => s + r.requested, 0),
      );
      for (const q of this.envs.qualifiersOf(name))
        if (!mine.some((r) => r.qualifier === q)) this.envs.remove(name, q);
      for (const row of mine) {
        const version = isVersionNumber(row.qualifier)
          ? row.qualifier
          : this.core.store.getAlias(name, row.qualifier)?.functionVersion;
        if (!version) continue;
        if (
          this.envs.versionOf(name, row.qualifier) === version &&
          this.envs.state(name, row.qualifier)?.status !== "FAILED"
        )
          continue;
        this.allocate(row, version);
      }
    }
  }
}
