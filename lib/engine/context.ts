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
}

export function createContext(config: EngineConfig, db: Db): EngineContext {
  return {
    config,
    db,
    logs: new LogWriter(db),
    arnPrefix: `arn:aws:lambda:${config.region}:${config.accountId}:`,
  };
}
