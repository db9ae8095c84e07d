import type { EngineContext } from "../context";
import { nodeFor } from "../runtimes/nodejs/node-runtime";
import type { InvocationTarget } from "../functions/types";
import { AwsError } from "../errors/aws-error";
import { recordInvocationMetrics, resourceOf } from "../metrics/recorder";
import { ConcurrencyLedger } from "./concurrency";
import type { ConcurrencyCounters } from "../metrics/concurrency-counters";
import type { ExecutionEnvironment } from "./environment";
import { EnvironmentPool } from "./pool";
import { ProvisionedEnvironments } from "./provisioned";
import { runInvocation, type EnvInvocation, type InvokeOutcome } from "./run-invocation";
import { machineCapError, scalingRateError, ScalingLimiter } from "./scaling";
import { StandbyPool } from "./standby-pool";
import type { Isolation } from "../sandbox/isolation";

/** How long an invoke waits for room under the machine cap or the scaling rate before it is throttled. */
const CAP_WAIT_MS = 2000;

/**
 * AWS's answer to an invoke over its concurrency. Built without a stack trace: nobody reads it, and
 * capturing one was the largest single cost of a throttled request when a thousand callers retry.
 */
function concurrencyThrottle(reason: string): AwsError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AwsError(
      429,
      "TooManyRequestsException",
      "Rate Exceeded.",
      "message",
      { Reason: reason },
      { "retry-after": "1" },
    );
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Where an invocation runs: a provisioned environment of its version when one is free, else a
 * warm on-demand one, else a new one within the scaling rate and the machine cap. Holds the
 * concurrency ledger so every path is counted once.
 */
export class Dispatcher {
  readonly ledger: ConcurrencyLedger;
  readonly pool: EnvironmentPool;
  readonly provisioned: ProvisionedEnvironments;
  readonly scaling: ScalingLimiter;
  readonly counters: ConcurrencyCounters;
  /** Pre-started Node.js sandboxes for on-demand cold starts; they count against the machine cap. */
  readonly standby: StandbyPool;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly ctx: EngineContext,
    create: (key: string, target: InvocationTarget) => ExecutionEnvironment,
    isolation: Isolation,
  ) {
    const { config } = ctx;
    this.ledger = new ConcurrencyLedger(config.concurrencyLimit);
    this.standby = new StandbyPool({
      perKey: config.standbyPerKey,
      maxPerKey: config.standbyMaxPerKey,
      decayMs: config.standbyDecayMs,
      keyTtlMs: Math.max(config.idleMs, 60_000),
      isolation,
      outbound: config.outbound,
      room: () => this.maxEnvironments - this.liveEnvironments() - this.standby.count(),
      nodeFor: (major) => nodeFor(ctx, `nodejs${major}.x`),
    });
    this.pool = new EnvironmentPool((key, t) => {
      const env = create(key, t);
      env.standbys = this.standby;
      return env;
    }, config.idleMs);
    this.provisioned = new ProvisionedEnvironments((t) => {
      const env = create(`provisioned\0${t.config.FunctionName}\0${t.version}`, t);
      // Provisioned environments take today's path; standbys make room for them under the cap.
      this.standby.trimTo(this.maxEnvironments - this.liveEnvironments() - 1);
      return env;
    });
    this.scaling = new ScalingLimiter(config.scalingRate);
    this.counters = ctx.concurrency;
  }

  get maxEnvironments(): number {
    return this.ctx.config.maxEnvironments;
  }

  liveEnvironments(): number {
    return this.pool.count() + this.provisioned.count();
  }

  async run(target: InvocationTarget, inv: EnvInvocation): Promise<InvokeOutcome> {
    const fn = target.config.FunctionName;
    const metric = {
      functionName: fn,
      resource: resourceOf(inv.functionArn),
      executedVersion: target.version,
    };
    let env = this.provisioned.take(target);
    const lease = this.ledger.tryAcquire(fn, target.reservedConcurrency, {
      provisioned: env !== undefined,
    });
    const throttle = (err: AwsError): AwsError => {
      recordInvocationMetrics(this.ctx.metrics, {
        ...metric,
        kind: "throttle",
        concurrency: this.ledger.inFlightFor(fn),
      });
      return err;
    };
    if (!lease.ok) {
      if (env) this.provisioned.release(env);
      throw throttle(concurrencyThrottle(lease.reason));
    }
    const provisioned = env !== undefined;
    try {
      env ??= await this.onDemand(target);
    } catch (err) {
      lease.release();
      this.wake();
      throw err instanceof AwsError && err.status === 429 ? throttle(err) : err;
    }
    this.counters.invocation(fn, {
      provisioned,
      hasProvisioned: this.provisioned.hasConfigFor(target),
    });
    this.counters.unreserved(this.ledger.unreservedInFlightCount());
    const alloc = this.provisioned.allocatedFor(fn);
    if (alloc > 0) this.counters.provisionedBusy(fn, this.provisioned.busyFor(fn), alloc);
    const concurrency = this.ledger.inFlightFor(fn);
    const cold = env.cold;
    const t0 = performance.now();
    const running = env;
    // The caller gets its answer as soon as the runtime has given it; the platform lines, the
    // metrics and the release follow in the same event-loop turn (EnvInvocation.answer).
    let answer: (o: InvokeOutcome) => void = () => {};
    const answered = new Promise<InvokeOutcome>((r) => (answer = r));
    const finished = (async () => {
      try {
        const outcome = await runInvocation(running, inv.logTail ? inv : { ...inv, answer });
        // Duration excludes init, as Lambda's metric does.
        const durationMs = Math.max(
          0,
          performance.now() - t0 - (cold ? (running.initDurationMs ?? 0) : 0),
        );
        recordInvocationMetrics(this.ctx.metrics, {
          ...metric,
          kind: outcome.errorType ? "error" : "success",
          durationMs,
          concurrency,
          postRuntimeMs: outcome.postRuntimeMs,
        });
        return outcome;
      } finally {
        if (!this.provisioned.release(running)) this.pool.release(running);
        lease.release();
        this.wake();
      }
    })();
    finished.then(answer, () => {});
    return Promise.race([answered, finished]);
  }

  /** A warm environment, or a new one once the scaling rate and the machine cap allow it. */
  private async onDemand(target: InvocationTarget): Promise<ExecutionEnvironment> {
    const deadline = Date.now() + CAP_WAIT_MS;
    for (;;) {
      const warm = this.pool.takeIdle(target);
      if (warm) return warm;
      const atCap = this.liveEnvironments() >= this.maxEnvironments;
      if (atCap && this.pool.evictIdle()) continue;
      if (!atCap && this.scaling.tryStart(target.config.FunctionName)) {
        // A matching standby becomes this environment; any others must fit beside it.
        const keep = this.maxEnvironments - this.liveEnvironments() - 1;
        this.standby.trimTo(keep + (this.standby.has(target) ? 1 : 0), target);
        return this.pool.spawn(target);
      }
      if (Date.now() >= deadline)
        throw atCap ? machineCapError(this.maxEnvironments) : scalingRateError(this.scaling.rate);
      await this.waitForRoom(deadline);
    }
  }

  /** Resolves when an environment is released, after 50 ms, or at the deadline, whichever is first. */
  private waitForRoom(deadline: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(1, Math.min(50, deadline - Date.now())));
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Stops every environment and standby; resolves once their processes are gone. */
  async dispose(): Promise<void> {
    const standbys = this.standby.dispose();
    const envs = [this.provisioned.dispose(), this.pool.dispose()];
    this.wake();
    await Promise.all([standbys, ...envs]);
  }
}
