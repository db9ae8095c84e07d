import type { InvocationTarget } from "../functions/types";
import type { ExecutionEnvironment } from "./environment";

/** Environments are reusable only for the same function, version and configuration revision. */
function environmentKey(t: InvocationTarget): string {
  return `${t.config.FunctionName}\0${t.version}\0${t.config.RevisionId}`;
}

/**
 * Warm environments, one invocation each at a time: acquire takes the most recently used idle
 * environment for the key (so extras age out) or makes a new one; idle ones are reaped.
 */
export class EnvironmentPool {
  private readonly idle = new Map<string, ExecutionEnvironment[]>();
  private readonly all = new Set<ExecutionEnvironment>();
  private readonly reaper: NodeJS.Timeout;

  constructor(
    private readonly create: (key: string, target: InvocationTarget) => ExecutionEnvironment,
    private readonly idleMs: number,
  ) {
    this.reaper = setInterval(() => this.reap(), Math.max(1000, Math.min(idleMs / 2, 30_000)));
    this.reaper.unref();
  }

  acquire(target: InvocationTarget): ExecutionEnvironment {
    return this.takeIdle(target) ?? this.spawn(target);
  }

  /** A warm environment for the target, or undefined when a new one would be needed. */
  takeIdle(target: InvocationTarget): ExecutionEnvironment | undefined {
    const list = this.idle.get(environmentKey(target));
    while (list && list.length > 0) {
      const env = list.pop();
      if (env && env.state === "idle") {
        env.state = "busy";
        return env;
      }
    }
    return undefined;
  }

  /** A new (cold) environment; the caller has checked the scaling rate and the machine cap. */
  spawn(target: InvocationTarget): ExecutionEnvironment {
    const env = this.create(environmentKey(target), target);
    this.all.add(env);
    void env.exited.then(() => this.forget(env));
    return env;
  }

  /** Kills the least recently used idle environment to make room under the machine cap. */
  evictIdle(): boolean {
    let oldest: ExecutionEnvironment | undefined;
    for (const env of this.all) {
      if (env.state === "idle" && (!oldest || env.lastUsed < oldest.lastUsed)) oldest = env;
    }
    if (!oldest) return false;
    oldest.kill();
    this.forget(oldest);
    return true;
  }

  /** Back to the idle list, unless it died, was retired, or reuse is off (idleMs 0). */
  release(env: ExecutionEnvironment): void {
    if (env.state !== "idle" || env.retired || this.idleMs === 0) {
      if (env.state !== "dead") env.kill();
      this.forget(env);
      return;
    }
    let list = this.idle.get(env.key);
    if (!list) this.idle.set(env.key, (list = []));
    list.push(env);
  }

  /** Code or configuration changed, or the function is gone: kill idle ones, drain busy ones. */
  retire(functionName: string): void {
    for (const env of this.all) {
      if (env.target.config.FunctionName !== functionName) continue;
      env.retired = true;
      if (env.state === "idle") {
        env.kill();
        this.forget(env);
      }
    }
  }

  /** Live environments, optionally for one function (the console and tests read this). */
  count(functionName?: string): number {
    let n = 0;
    for (const env of this.all)
      if (!functionName || env.target.config.FunctionName === functionName) n++;
    return n;
  }

  /** The live environments, optionally of one function (specs dispose them one by one). */
  list(functionName?: string): ExecutionEnvironment[] {
    return [...this.all].filter(
      (env) => !functionName || env.target.config.FunctionName === functionName,
    );
  }

  reap(now = Date.now()): void {
    for (const env of this.all) {
      if (env.state === "idle" && now - env.lastUsed >= this.idleMs) {
        env.kill();
        this.forget(env);
      }
    }
  }

  /** Disposes every environment; resolves once their processes are gone. */
  async dispose(): Promise<void> {
    clearInterval(this.reaper);
    const envs = [...this.all];
    this.all.clear();
    this.idle.clear();
    await Promise.all(envs.map((env) => env.dispose()));
  }

  private forget(env: ExecutionEnvironment): void {
    this.all.delete(env);
    const list = this.idle.get(env.key);
    if (!list) return;
    const i = list.indexOf(env);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.idle.delete(env.key);
  }
}
