import type { EngineConfig } from "./config";
import type { Db } from "./store/db";
import { LogWriter } from "./logs/writer";

/** What every engine service and route can reach: configuration, the store, the log writer. */
export interface EngineContext {
  config: EngineConfig;
  db: Db;
  logs: LogWriter;
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
    arnPrefix: `arn:aws:lambda:${config.region}:${config.accountId}:`,
    clock: { now: () => Date.now() },
  };
}
