/** A function's LoggingConfig, as far as the filters read it (logs/ does not depend on functions/). */
interface LevelSettings {
  LogFormat?: string;
  ApplicationLogLevel?: string;
  SystemLogLevel?: string;
}

/**
 * LoggingConfig.SystemLogLevel: under LogFormat JSON, Lambda sends a platform record only when
 * its level is at or above the function's system level (AWS's "event mapping for system log
 * level": the runtimeDone records are DEBUG, the others INFO). Text format logs every line.
 */
const RECORD_LEVEL: Record<string, "DEBUG" | "INFO" | "WARN"> = {
  "platform.initStart": "INFO",
  "platform.initRuntimeDone": "DEBUG",
  "platform.initReport": "INFO",
  "platform.start": "INFO",
  "platform.runtimeDone": "DEBUG",
  "platform.report": "INFO",
  "platform.restoreStart": "INFO",
  "platform.restoreRuntimeDone": "DEBUG",
  "platform.restoreReport": "INFO",
  "platform.extension": "INFO",
  "platform.telemetrySubscription": "INFO",
  "platform.logsDropped": "WARN",
  "engine.notice": "INFO",
};
const RANK = { DEBUG: 0, INFO: 1, WARN: 2 } as const;

/**
 * The record type of an engine-written JSON line: a platform record, or an engine notice (which
 * Node.js or Python ran; formatEngineNotice), which is a system record at INFO.
 */
function platformType(line: string): string | undefined {
  if (line.startsWith('{"timestamp":') && line.includes('"message":"[lambda-console]'))
    return "engine.notice";
  if (!line.startsWith('{"time":')) return undefined;
  return /"type":"(platform\.[A-Za-z]+)"/.exec(line)?.[1];
}

/** A predicate over the engine's own log lines; undefined when every line is kept. */
export function systemLogFilter(
  logging: LevelSettings | undefined,
): ((line: string) => boolean) | undefined {
  if (logging?.LogFormat !== "JSON") return undefined;
  const level = (logging.SystemLogLevel ?? "INFO") as keyof typeof RANK;
  const min = RANK[level] ?? RANK.INFO;
  if (min === RANK.DEBUG) return undefined;
  return (line) => {
    const type = platformType(line);
    if (type === undefined) return true;
    return RANK[RECORD_LEVEL[type] ?? "INFO"] >= min;
  };
}

const APP_RANK: Record<string, number> = {
  TRACE: 0,
  DEBUG: 1,
  INFO: 2,
  WARN: 3,
  WARNING: 3,
  ERROR: 4,
  FATAL: 5,
  CRITICAL: 5,
};

/**
 * LoggingConfig.ApplicationLogLevel over the function's own output: the Node.js and Python
 * runtime clients filter by AWS_LAMBDA_LOG_LEVEL themselves, other runtimes rely on Lambda,
 * which reads a JSON line's "level" and treats lines without one as INFO (AWS's rule).
 */
export function applicationLogFilter(
  logging: LevelSettings | undefined,
): ((line: string) => boolean) | undefined {
  if (logging?.LogFormat !== "JSON") return undefined;
  const min = APP_RANK[logging.ApplicationLogLevel ?? "INFO"] ?? APP_RANK.INFO ?? 2;
  if (min === 0) return undefined;
  const info = APP_RANK.INFO ?? 2;
  return (line) => {
    let level: unknown;
    if (line.startsWith("{")) {
      try {
        level = (JSON.parse(line) as { level?: unknown }).level;
      } catch {
        level = undefined;
      }
    }
    const rank = typeof level === "string" ? (APP_RANK[level.toUpperCase()] ?? info) : info;
    return rank >= min;
  };
}
