/** Why an invoke was throttled; the Reason field of TooManyRequestsException. */
type ThrottleReason =
  | "ReservedFunctionConcurrentInvocationLimitExceeded"
  | "ConcurrentInvocationLimitExceeded"
  | "FunctionInvocationRateLimitExceeded";

export type Lease = { ok: true; release: () => void } | { ok: false; reason: ThrottleReason };

/** AWS keeps this many executions unreserved (or the whole limit when it is smaller). */
const MIN_UNRESERVED = 100;

export function minUnreserved(accountLimit: number): number {
  return Math.min(MIN_UNRESERVED, accountLimit);
}

/**
 * Concurrency accounting: in-flight invocations per function against its reserved concurrency,
 * and unreserved ones against the account limit minus everything reserved or provisioned.
 * Invocations on provisioned environments of an unreserved function use the function's own
 * allocation, not the shared pool.
 */
export class ConcurrencyLedger {
  private readonly inFlight = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  /** Provisioned environments allocated per function (all its versions and aliases). */
  private readonly provisioned = new Map<string, number>();
  private unreservedInFlight = 0;
  /** In-flight invocations not on provisioned environments, of functions with a reservation. */
  private readonly onDemandInFlight = new Map<string, number>();
  private peak = new Map<string, number>();
  /** Told after every release (the Event queue starts the next waiting event of that function). */
  onRelease: ((functionName: string) => void) | undefined;

  constructor(readonly accountLimit: number) {}

  /** PutFunctionConcurrency / DeleteFunctionConcurrency, and the store's view at start. */
  setReserved(functionName: string, n: number | undefined): void {
    if (n === undefined) this.reserved.delete(functionName);
    else this.reserved.set(functionName, n);
  }

  setProvisioned(functionName: string, total: number): void {
    if (total <= 0) this.provisioned.delete(functionName);
    else this.provisioned.set(functionName, total);
  }

  tryAcquire(
    functionName: string,
    reservedConcurrency: number | undefined,
    opts: { provisioned?: boolean } = {},
  ): Lease {
    this.setReserved(functionName, reservedConcurrency);
    const current = this.inFlight.get(functionName) ?? 0;
    const unreserved = reservedConcurrency === undefined && !opts.provisioned;
    const onDemand = reservedConcurrency !== undefined && !opts.provisioned;
    if (reservedConcurrency !== undefined) {
      if (current >= reservedConcurrency)
        return { ok: false, reason: "ReservedFunctionConcurrentInvocationLimitExceeded" };
      // Provisioned configs hold their share of the reservation even when idle; on-demand
      // invocations ($LATEST, spillover) get the rest: none when they take all of it (as AWS).
      const share = reservedConcurrency - (this.provisioned.get(functionName) ?? 0);
      if (onDemand && (this.onDemandInFlight.get(functionName) ?? 0) >= share)
        return { ok: false, reason: "ReservedFunctionConcurrentInvocationLimitExceeded" };
    } else if (unreserved && this.unreservedInFlight >= this.unreservedLimit()) {
      return { ok: false, reason: "ConcurrentInvocationLimitExceeded" };
    }
    this.inFlight.set(functionName, current + 1);
    if ((this.peak.get(functionName) ?? 0) < current + 1) this.peak.set(functionName, current + 1);
    if (unreserved) this.unreservedInFlight++;
    if (onDemand)
      this.onDemandInFlight.set(functionName, (this.onDemandInFlight.get(functionName) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.inFlight.get(functionName) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(functionName);
        else this.inFlight.set(functionName, n);
        if (unreserved) this.unreservedInFlight--;
        if (onDemand) {
          const d = (this.onDemandInFlight.get(functionName) ?? 1) - 1;
          if (d <= 0) this.onDemandInFlight.delete(functionName);
          else this.onDemandInFlight.set(functionName, d);
        }
        this.onRelease?.(functionName);
      },
    };
  }

  /** The unreserved pool: the account limit minus reservations and provisioned allocations of unreserved functions. */
  unreservedLimit(): number {
    let sum = 0;
    for (const r of this.reserved.values()) sum += r;
    for (const [fn, p] of this.provisioned) if (!this.reserved.has(fn)) sum += p;
    return Math.max(0, this.accountLimit - sum);
  }

  inFlightFor(functionName: string): number {
    return this.inFlight.get(functionName) ?? 0;
  }

  /** In-flight invocations of functions without a reservation (UnreservedConcurrentExecutions). */
  unreservedInFlightCount(): number {
    return this.unreservedInFlight;
  }

  totalInFlight(): number {
    let n = 0;
    for (const v of this.inFlight.values()) n += v;
    return n;
  }

  /** Highest in-flight count seen for the function since start (benchmarks, the console). */
  peakFor(functionName: string): number {
    return this.peak.get(functionName) ?? 0;
  }
}
