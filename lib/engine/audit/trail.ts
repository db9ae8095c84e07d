import type { EnvVars } from "../config";
import type { DispatchedCall } from "../http/router";
import type { Db } from "../store/db";
import { isRecorded } from "./classify";
import { buildEvent, type Account } from "./record";
import { AuditStore } from "./store";

const DAY_MS = 86_400_000;

export interface AuditOptions {
  /** The clock events are stamped and expired by (tests inject one). */
  now?: () => number;
  /** How often old events are pruned (ms). */
  sweepIntervalMs?: number;
}

export interface AuditSettings {
  /** LAMBDA_ENGINE_AUDIT_RETENTION_DAYS (default 90, as CloudTrail's event history). */
  retentionDays: number;
  /** LAMBDA_ENGINE_AUDIT_MAX_EVENTS (default 100,000): the oldest go first past it. */
  maxEvents: number;
}

function positiveInt(env: EnvVars, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function auditSettings(env: EnvVars): AuditSettings {
  return {
    retentionDays: positiveInt(env, "LAMBDA_ENGINE_AUDIT_RETENTION_DAYS", 90),
    maxEvents: positiveInt(env, "LAMBDA_ENGINE_AUDIT_MAX_EVENTS", 100_000),
  };
}

/**
 * The engine's audit trail: a router observer that turns every answered write call into a
 * CloudTrail event. Calls are buffered, then built into events and written in one transaction on
 * the next turn of the event loop, after the response went out; reads flush first, so a lookup
 * sees every call answered before it.
 */
export class AuditTrail {
  readonly store: AuditStore;
  readonly now: () => number;
  /** Calls answered but not yet written: built into events off the response path. */
  private pending: { call: DispatchedCall; time: number }[] = [];
  private scheduled = false;
  private sincePrune = 0;
  private closed = false;
  private readonly sweep: NodeJS.Timeout;

  constructor(
    db: Db,
    private readonly account: Account,
    readonly settings: AuditSettings,
    options: AuditOptions = {},
  ) {
    this.store = new AuditStore(db);
    this.now = options.now ?? Date.now;
    this.prune();
    this.sweep = setInterval(() => this.prune(), options.sweepIntervalMs ?? 10 * 60_000);
    this.sweep.unref();
  }

  /** The router observer (Router.observe). */
  readonly observe = (call: DispatchedCall): void => {
    if (!isRecorded(call.operation.action) || !call.request.principal) return;
    this.pending.push({ call, time: this.now() });
    if (this.closed) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  };

  /** Writes what is buffered; past the size bound, the oldest events go. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      const events = batch.flatMap(({ call, time }) => buildEvent(call, this.account, time) ?? []);
      this.store.append(events);
    } catch (err) {
      console.error("[engine] audit trail write failed", err);
      return;
    }
    // Bounded between sweeps too: a burst past a tenth of the bound prunes at once.
    this.sincePrune += batch.length;
    if (this.sincePrune >= Math.max(1, Math.floor(this.settings.maxEvents / 10))) this.prune();
  }

  /** The oldest time still kept (epoch ms). */
  cutoff(): number {
    return this.now() - this.settings.retentionDays * DAY_MS;
  }

  /** Drops expired events and those past the size bound; returns how many went. */
  prune(): number {
    try {
      this.flush();
      this.sincePrune = 0;
      return this.store.prune(this.cutoff(), this.settings.maxEvents);
    } catch (err) {
      // A busy or closing database must not crash the engine; the next sweep retries.
      console.error("[engine] audit trail prune failed", err);
      return 0;
    }
  }

  /** Idempotent: writes what is buffered; later events are written at once. */
  dispose(): void {
    clearInterval(this.sweep);
    this.closed = true;
    this.flush();
  }
}
