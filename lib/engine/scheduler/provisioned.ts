import { runtimeVersionOf } from "../functions/runtime-version";
import type { InvocationTarget } from "../functions/types";
import { formatInitStart } from "../logs/platform-lines";
import type { ExecutionEnvironment } from "./environment";
import { INIT_LIMIT_MS, initVerdict } from "./init-verdict";

type ProvisionedStatus = "IN_PROGRESS" | "READY" | "FAILED";

export interface ProvisionedState {
  status: ProvisionedStatus;
  statusReason?: string;
  allocated: number;
  available: number;
}

interface ProvisionedSet {
  target: InvocationTarget;
  requested: number;
  envs: Set<ExecutionEnvironment>;
  idle: ExecutionEnvironment[];
  state: ProvisionedState;
  disposed: boolean;
}

const keyOf = (fn: string, qualifier: string) => `${fn}\0${qualifier}`;

/**
 * Provisioned concurrency: per function version or alias, environments initialised ahead
 * (AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency) that serve invokes of that version
 * without a cold start. A crashed one is replaced; invokes beyond them spill over to on-demand.
 */
export class ProvisionedEnvironments {
  private readonly sets = new Map<string, ProvisionedSet>();
  private readonly failed = new Map<string, ProvisionedState>();

  constructor(private readonly create: (target: InvocationTarget) => ExecutionEnvironment) {}

  /** (Re)allocates `requested` environments for a qualifier; returns once they all started or failed. */
  async configure(
    fn: string,
    qualifier: string,
    target: InvocationTarget,
    requested: number,
  ): Promise<ProvisionedState> {
    this.remove(fn, qualifier);
    const set: ProvisionedSet = {
      target,
      requested,
      envs: new Set(),
      idle: [],
      state: { status: "IN_PROGRESS", allocated: 0, available: 0 },
      disposed: false,
    };
    this.sets.set(keyOf(fn, qualifier), set);
    const results = await Promise.all(Array.from({ length: requested }, () => this.startOne(set)));
    if (set.disposed) return set.state;
    const failure = results.find((r) => r !== undefined);
    if (failure) {
      set.state = { status: "FAILED", statusReason: failure, allocated: 0, available: 0 };
      for (const env of set.envs) env.kill();
      set.envs.clear();
      set.idle = [];
    } else {
      set.state = { status: "READY", allocated: requested, available: requested };
    }
    return set.state;
  }

  /** Starts one environment ahead; undefined when ready, else the reason it failed. */
  private async startOne(set: ProvisionedSet): Promise<string | undefined> {
    const env = this.create(set.target);
    env.initializationType = "provisioned-concurrency";
    set.envs.add(env);
    env.log.line(
      formatInitStart(
        env.logFormatJson,
        runtimeVersionOf(env.runtime, env.target.config.FunctionArn),
      ),
    );
    // Lambda gives init 10 s; a provisioned environment that is not ready by then failed, as one
    // whose runtime reported an init error, exited, or whose extension failed.
    const init = await initVerdict(env, INIT_LIMIT_MS);
    const verdict = init.kind === "ready" ? undefined : "FUNCTION_ERROR_INIT_FAILED";
    if (verdict !== undefined || set.disposed) {
      env.kill();
      set.envs.delete(env);
      return verdict;
    }
    env.cold = false; // init happened ahead: invokes report no Init Duration
    env.state = "idle";
    set.idle.push(env);
    void env.exited.then(() => this.replace(set, env));
    return undefined;
  }

  /** A provisioned environment died (timeout, crash): start another in its place. */
  private replace(set: ProvisionedSet, env: ExecutionEnvironment): void {
    set.envs.delete(env);
    const i = set.idle.indexOf(env);
    if (i >= 0) set.idle.splice(i, 1);
    if (set.disposed || set.state.status !== "READY") return;
    set.state = { ...set.state, available: set.envs.size };
    void this.startOne(set).then(() => {
      set.state = { ...set.state, available: set.envs.size };
    });
  }

  remove(fn: string, qualifier: string): void {
    this.failed.delete(keyOf(fn, qualifier));
    const set = this.sets.get(keyOf(fn, qualifier));
    if (!set) return;
    set.disposed = true;
    this.sets.delete(keyOf(fn, qualifier));
    for (const env of set.envs) {
      if (env.state === "busy") env.retired = true;
      else env.kill();
    }
  }

  /** Every set of a function (it was deleted). */
  removeFunction(fn: string): void {
    for (const q of this.qualifiersOf(fn)) this.remove(fn, q);
  }

  /** Marks a qualifier FAILED without starting anything (no room, or its version cannot run). */
  fail(fn: string, qualifier: string, reason: string): void {
    this.remove(fn, qualifier);
    this.failed.set(keyOf(fn, qualifier), {
      status: "FAILED",
      statusReason: reason,
      allocated: 0,
      available: 0,
    });
  }

  qualifiersOf(fn: string): string[] {
    const out: string[] = [];
    for (const k of [...this.sets.keys(), ...this.failed.keys()])
      if (k.startsWith(`${fn}\0`)) out.push(k.slice(fn.length + 1));
    return out;
  }

  versionOf(fn: string, qualifier: string): string | undefined {
    return this.sets.get(keyOf(fn, qualifier))?.target.version;
  }

  state(fn: string, qualifier: string): ProvisionedState | undefined {
    const failed = this.failed.get(keyOf(fn, qualifier));
    if (failed) return failed;
    return this.sets.get(keyOf(fn, qualifier))?.state;
  }

  /** An idle provisioned environment running exactly this version and configuration, if any. */
  take(target: InvocationTarget): ExecutionEnvironment | undefined {
    for (const set of this.sets.values()) {
      const t = set.target;
      if (t.config.FunctionName !== target.config.FunctionName || t.version !== target.version)
        continue;
      if (t.config.RevisionId !== target.config.RevisionId) continue;
      while (set.idle.length > 0) {
        const env = set.idle.pop();
        if (env && env.state === "idle") {
          env.state = "busy";
          return env;
        }
      }
    }
    return undefined;
  }

  /** Returns a provisioned environment to its set; false when the environment is not provisioned. */
  release(env: ExecutionEnvironment): boolean {
    for (const set of this.sets.values()) {
      if (!set.envs.has(env)) continue;
      if (env.state === "idle") set.idle.push(env);
      else if (env.state !== "dead") env.kill();
      return true;
    }
    if (env.initializationType === "provisioned-concurrency") {
      if (env.state !== "dead") env.kill(); // its config was removed while it ran
      return true;
    }
    return false;
  }

  /** Whether any provisioned config serves this version (an on-demand run is then a spillover). */
  hasConfigFor(target: InvocationTarget): boolean {
    for (const set of this.sets.values()) {
      if (
        set.target.config.FunctionName === target.config.FunctionName &&
        set.target.version === target.version
      )
        return true;
    }
    return false;
  }

  allocatedFor(fn: string): number {
    let n = 0;
    for (const set of this.sets.values())
      if (set.target.config.FunctionName === fn) n += set.state.allocated;
    return n;
  }

  /** Provisioned environments of a function that are busy right now (ProvisionedConcurrentExecutions). */
  busyFor(fn: string): number {
    let n = 0;
    for (const set of this.sets.values()) {
      if (set.target.config.FunctionName !== fn) continue;
      for (const env of set.envs) if (env.state === "busy") n++;
    }
    return n;
  }

  count(): number {
    let n = 0;
    for (const set of this.sets.values()) n += set.envs.size;
    return n;
  }

  /** Disposes every provisioned environment; resolves once their processes are gone. */
  async dispose(): Promise<void> {
    const envs: ExecutionEnvironment[] = [];
    for (const [k, set] of [...this.sets]) {
      set.disposed = true;
      this.sets.delete(k);
      envs.push(...set.envs);
    }
    await Promise.all(envs.map((env) => env.dispose()));
  }
}
