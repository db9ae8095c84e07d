import { describe, expect, it } from "vitest";
import { ConcurrencyLedger } from "./concurrency";

describe("ConcurrencyLedger", () => {
  it("limits a function to its reserved concurrency and frees a slot on release", () => {
    const l = new ConcurrencyLedger(10);
    const a = l.tryAcquire("f", 1);
    expect(a.ok).toBe(true);
    expect(l.tryAcquire("f", 1)).toEqual({
      ok: false,
      reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
    });
    if (a.ok) a.release();
    if (a.ok) a.release(); // idempotent
    expect(l.inFlightFor("f")).toBe(0);
    expect(l.tryAcquire("f", 1).ok).toBe(true);
  });

  it("limits unreserved functions to the account limit minus all reservations", () => {
    const l = new ConcurrencyLedger(3);
    expect(l.tryAcquire("reserved", 2).ok).toBe(true);
    expect(l.unreservedLimit()).toBe(1);
    expect(l.tryAcquire("a", undefined).ok).toBe(true);
    expect(l.tryAcquire("b", undefined)).toEqual({
      ok: false,
      reason: "ConcurrentInvocationLimitExceeded",
    });
  });

  it("reserved concurrency 0 throttles every invoke", () => {
    expect(new ConcurrencyLedger(10).tryAcquire("off", 0)).toEqual({
      ok: false,
      reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
    });
  });

  it("provisioned allocations of unreserved functions leave the shared pool, and their invokes do not use it", () => {
    const l = new ConcurrencyLedger(5);
    l.setReserved("r", 2);
    l.setProvisioned("p", 2);
    expect(l.unreservedLimit()).toBe(1);
    expect(l.tryAcquire("p", undefined, { provisioned: true }).ok).toBe(true);
    expect(l.tryAcquire("x", undefined).ok).toBe(true);
    expect(l.tryAcquire("y", undefined)).toEqual({
      ok: false,
      reason: "ConcurrentInvocationLimitExceeded",
    });
    expect(l.unreservedInFlightCount()).toBe(1);
    expect(l.peakFor("p")).toBe(1);
  });

  it("provisioned configs that take all of a reservation leave nothing on demand ($LATEST throttles)", () => {
    const l = new ConcurrencyLedger(100);
    l.setProvisioned("f", 2);
    const throttled = { ok: false, reason: "ReservedFunctionConcurrentInvocationLimitExceeded" };
    expect(l.tryAcquire("f", 2)).toEqual(throttled);
    expect(l.tryAcquire("f", 2, { provisioned: true }).ok).toBe(true);
    // A reservation of 3 with 2 provisioned: one on-demand invocation at a time.
    const lease = l.tryAcquire("f", 3);
    expect(lease.ok).toBe(true);
    expect(l.tryAcquire("f", 3)).toEqual(throttled);
    if (lease.ok) lease.release();
    expect(l.tryAcquire("f", 3).ok).toBe(true);
  });
});
