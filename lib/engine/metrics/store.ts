import type { Db } from "../store/db";

/** What happened to one invocation request, as the AWS/Lambda metrics count it. */
type SampleKind = "success" | "error" | "throttle" | "signature";

export interface InvocationSample {
  /** Epoch milliseconds when the invocation completed (or was throttled). */
  ts: number;
  functionName: string;
  /** "name" for unqualified calls, "name:qualifier" for a version or alias (the Resource dimension). */
  resource: string;
  /** The version that ran (ExecutedVersion dimension); undefined for throttles of unqualified calls. */
  executedVersion?: string;
  kind: SampleKind;
  /** Handler time without init; undefined for throttles. */
  durationMs?: number;
  /** In-flight invocations of the function when this one started, itself included. */
  concurrency: number;
  /** Time extensions ran after the runtime's response (PostRuntimeExtensionsDuration); undefined without extensions. */
  postRuntimeMs?: number;
}

export interface SampleFilter {
  startMs: number;
  endMs: number;
  functionName?: string;
  resource?: string;
  executedVersion?: string;
}

/** The row shape queries read: small, so a range of 100k samples stays cheap. */
export interface StoredSample {
  ts: number;
  kind: SampleKind;
  durationMs: number | null;
  concurrency: number;
  postRuntimeMs: number | null;
}

export interface SeriesKey {
  functionName: string;
  resource: string;
  executedVersion: string | null;
  /** 1 when some invocation of the series ran extensions after the runtime's response. */
  postRuntime: number;
}

// "signature": a deploy under a Warn code signing policy whose package failed validation.
const KIND_CODE: Record<SampleKind, number> = { success: 0, error: 1, throttle: 2, signature: 3 };
const KIND_BY_CODE: SampleKind[] = ["success", "error", "throttle", "signature"];

/** CloudWatch keeps 1-minute data for 15 days; so do we. */
const RETENTION_MS = 15 * 24 * 3600 * 1000;

/** Buffered samples are written at least this often (as the log batcher: every read flushes first). */
const FLUSH_MS = 100;

/**
 * One row per invocation: exact sums, maxima and percentiles at any period. Minute points are
 * derived at query time, so a 1-minute and a 1-hour chart read the same truth.
 */
export class MetricsStore {
  private readonly insert;
  private readonly insertAll;
  private pending: InvocationSample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO metric_samples (ts, function_name, resource, executed_version, kind, duration_ms, concurrency, post_runtime_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAll = db.transaction((rows: InvocationSample[]) => {
      for (const s of rows) {
        this.insert.run(
          s.ts,
          s.functionName,
          s.resource,
          s.executedVersion ?? null,
          KIND_CODE[s.kind],
          s.durationMs ?? null,
          s.concurrency,
          s.postRuntimeMs ?? null,
        );
      }
    });
  }

  /**
   * Buffers the sample: samples are written together at most every FLUSH_MS (an insert per
   * invocation cost more than the rest of a warm invoke's bookkeeping); every read flushes first.
   */
  record(s: InvocationSample): void {
    this.pending.push(s);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes buffered samples now (reads, shutdown). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    if (this.db.open) this.insertAll(rows);
  }

  samples(f: SampleFilter): StoredSample[] {
    this.flush();
    const where = ["ts >= ?", "ts < ?"];
    const args: (string | number)[] = [f.startMs, f.endMs];
    if (f.functionName !== undefined) {
      where.push("function_name = ?");
      args.push(f.functionName);
    }
    if (f.resource !== undefined) {
      where.push("resource = ?");
      args.push(f.resource);
    }
    if (f.executedVersion !== undefined) {
      where.push("executed_version = ?");
      args.push(f.executedVersion);
    }
    const rows = this.db
      .prepare(
        `SELECT ts, kind, duration_ms AS durationMs, concurrency, post_runtime_ms AS postRuntimeMs FROM metric_samples WHERE ${where.join(" AND ")} ORDER BY ts`,
      )
      .all(...args) as {
      ts: number;
      kind: number;
      durationMs: number | null;
      concurrency: number;
      postRuntimeMs: number | null;
    }[];
    return rows.map((r) => ({
      ts: r.ts,
      kind: KIND_BY_CODE[r.kind] ?? "success",
      durationMs: r.durationMs,
      concurrency: r.concurrency,
      postRuntimeMs: r.postRuntimeMs,
    }));
  }

  /** Every (function, resource, executed version) seen since `sinceMs`: what ListMetrics lists. */
  series(sinceMs: number): SeriesKey[] {
    this.flush();
    return this.db
      .prepare(
        `SELECT function_name AS functionName, resource, executed_version AS executedVersion,
                MAX(post_runtime_ms IS NOT NULL) AS postRuntime
         FROM metric_samples WHERE ts >= ?
         GROUP BY function_name, resource, executed_version
         ORDER BY function_name, resource, executed_version`,
      )
      .all(sinceMs) as SeriesKey[];
  }

  /** Drops samples past retention; returns how many went. */
  sweep(now = Date.now()): number {
    this.flush();
    return this.db.prepare("DELETE FROM metric_samples WHERE ts < ?").run(now - RETENTION_MS)
      .changes;
  }
}
