import type { EngineConfig } from "./config";
import type { Db } from "./store/db";
import { LogWriter } from "./logs/writer";
import { MetricsStore } from "./metrics/store";
import { ConcurrencyCounters } from "./metrics/concurrency-counters";

/** What every engine service and route can reach: configuration, the store, the log writer. */
export interface EngineContext {
  config: EngineConfig;
  db: Db;
  logs: LogWriter;
  /** Invocation metric samples (AWS/Lambda), written by the invoker, read by the metrics API. */
  metrics: MetricsStore;
  /** Concurrency figures per minute, kept by the scheduler and the Event queue. */
  concurrency: ConcurrencyCounters;
  /** ARN prefix for this account and region: arn:aws:lambda:<region>:<account>: */
  arnPrefix: string;
  /**
   * Serves the engine's API on a listening socket of a sandbox's namespace (its 127.0.0.1:9000);
   * returns the closer. Set by startEngine once the router exists.
   */
  serveApiOn?: (handle: unknown) => () => void;
  /** The time code signing reads (signing, validity, revocation): tests move it to expire signatures. */
  clock: { now(): number };
}

export function createContext(config: EngineConfig, db: Db): EngineContext {
  return {
    config,
    db,
    logs: new LogWriter(db),
    metrics: new MetricsStore(db),
    concurrency: new ConcurrencyCounters(),
    arnPrefix: `arn:aws:lambda:${config.region}:${config.accountId}:`,
    clock: { now: () => Date.now() },
  };
}
