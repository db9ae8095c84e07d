/** One function's figures for one minute (the metrics H8's recorder does not keep per invocation). */
export interface MinuteFigures {
  /** Epoch ms of the minute's start. */
  minute: number;
  functionName: string;
  asyncEventsReceived: number;
  asyncEventsDropped: number;
  /** Maximum age (ms) of an event when it was picked up for a run. */
  asyncEventAgeMax: number;
  asyncEventAgeSum: number;
  asyncEventAgeCount: number;
  provisionedInvocations: number;
  provisionedSpilloverInvocations: number;
  /** Maximum of busy provisioned environments seen (ProvisionedConcurrentExecutions). */
  provisionedConcurrentExecutions: number;
  /** Maximum of busy / allocated provisioned environments (ProvisionedConcurrencyUtilization, 0–1). */
  provisionedUtilization: number;
  /** Account-wide: maximum in-flight invocations of unreserved functions (functionName ""). */
  unreservedConcurrentExecutions: number;
}

const KEEP_MS = 24 * 3600 * 1000;

/**
 * Per-minute counters for the concurrency metrics: kept in memory, read by the metrics API
 * through `minutes()`. Deliberately tiny, so H8's recorder can fold them into CloudWatch.
 */
export class ConcurrencyCounters {
  private readonly data = new Map<string, MinuteFigures>();

  private at(functionName: string, now = Date.now()): MinuteFigures {
    const minute = now - (now % 60_000);
    const key = `${minute}\0${functionName}`;
    let m = this.data.get(key);
    if (!m) {
      m = {
        minute,
        functionName,
        asyncEventsReceived: 0,
        asyncEventsDropped: 0,
        asyncEventAgeMax: 0,
        asyncEventAgeSum: 0,
        asyncEventAgeCount: 0,
        provisionedInvocations: 0,
        provisionedSpilloverInvocations: 0,
        provisionedConcurrentExecutions: 0,
        provisionedUtilization: 0,
        unreservedConcurrentExecutions: 0,
      };
      this.data.set(key, m);
      if (this.data.size % 500 === 0) this.sweep(now);
    }
    return m;
  }

  invocation(functionName: string, o: { provisioned: boolean; hasProvisioned: boolean }): void {
    const m = this.at(functionName);
    if (o.provisioned) m.provisionedInvocations++;
    else if (o.hasProvisioned) m.provisionedSpilloverInvocations++;
  }

  provisionedBusy(functionName: string, busy: number, allocated: number): void {
    const m = this.at(functionName);
    m.provisionedConcurrentExecutions = Math.max(m.provisionedConcurrentExecutions, busy);
    if (allocated > 0)
      m.provisionedUtilization = Math.max(m.provisionedUtilization, busy / allocated);
  }

  unreserved(inFlight: number): void {
    const m = this.at("");
    m.unreservedConcurrentExecutions = Math.max(m.unreservedConcurrentExecutions, inFlight);
  }

  async(kind: "received" | "dropped" | "age", functionName: string, value: number): void {
    const m = this.at(functionName);
    if (kind === "received") m.asyncEventsReceived += value;
    else if (kind === "dropped") m.asyncEventsDropped += value;
    else {
      m.asyncEventAgeMax = Math.max(m.asyncEventAgeMax, value);
      m.asyncEventAgeSum += value;
      m.asyncEventAgeCount++;
    }
  }

  /** Minutes in [startMs, endMs), optionally of one function ("" = account-wide figures). */
  minutes(startMs: number, endMs: number, functionName?: string): MinuteFigures[] {
    const out: MinuteFigures[] = [];
    for (const m of this.data.values()) {
      if (
        m.minute >= startMs &&
        m.minute < endMs &&
        (functionName === undefined || m.functionName === functionName)
      )
        out.push({ ...m });
    }
    return out.sort((a, b) => a.minute - b.minute);
  }

  private sweep(now: number): void {
    for (const [k, m] of this.data) if (m.minute < now - KEEP_MS) this.data.delete(k);
  }
}
