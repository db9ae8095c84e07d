/** Why a synchronous invoke was throttled; the Reason field of TooManyRequestsException. */
export type ThrottleReason = "ReservedFunctionConcurrentInvocationLimitExceeded" | "ConcurrentInvocationLimitExceeded";

export type Lease = { ok: true; release: () => void } | { ok: false; reason: ThrottleReason };

/**
 * Concurrency accounting: in-flight invocations per function against its reserved concurrency,
 * and unreserved ones against the account limit minus everything reserved. Kept small and
 * alone so provisioned concurrency and scaling limits can grow here.
 */
export class ConcurrencyLedger {
  private readonly inFlight = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  private unreservedInFlight = 0;

  constructor(private readonly accountLimit: number) {}

  tryAcquire(functionName: string, reservedConcurrency: number | undefined): Lease {
    if (reservedConcurrency === undefined) this.reserved.delete(functionName);
    else this.reserved.set(functionName, reservedConcurrency);
    const current = this.inFlight.get(functionName) ?? 0;
    if (reservedConcurrency !== undefined) {
      if (current >= reservedConcurrency) return { ok: false, reason: "ReservedFunctionConcurrentInvocationLimitExceeded" };
    } else if (this.unreservedInFlight >= this.unreservedLimit()) {
      return { ok: false, reason: "ConcurrentInvocationLimitExceeded" };
    }
    this.inFlight.set(functionName, current + 1);
    const unreserved = reservedConcurrency === undefined;
    if (unreserved) this.unreservedInFlight++;
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
      },
    };
  }

  /** The unreserved pool: the account limit minus all reservations seen. */
  unreservedLimit(): number {
    let sum = 0;
    for (const r of this.reserved.values()) sum += r;
    return Math.max(0, this.accountLimit - sum);
  }

  inFlightFor(functionName: string): number {
    return this.inFlight.get(functionName) ?? 0;
  }
}
