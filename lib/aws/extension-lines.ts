/**
 * Lambda's extension-related log lines, read back by the console: EXTENSION / TELEMETRY (Text
 * format) or platform.extension / platform.telemetrySubscription (JSON format), and which source
 * a line comes from. Pure functions: the same on the local engine and on AWS.
 */

export interface RegisteredExtension {
  name: string;
  state: string;
  events: string[];
  errorType?: string;
}

export interface TelemetrySubscription {
  name: string;
  types: string[];
}

function jsonRecord(
  message: string,
): { type: string; record: Record<string, unknown> } | undefined {
  if (!message.startsWith("{")) return undefined;
  try {
    const doc = JSON.parse(message) as { type?: unknown; record?: unknown };
    if (typeof doc.type !== "string" || typeof doc.record !== "object" || doc.record === null)
      return undefined;
    return { type: doc.type, record: doc.record as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** "EXTENSION\tName: x\tState: Ready\tEvents: [INVOKE,SHUTDOWN]" or platform.extension. */
export function parseExtensionLine(message: string): RegisteredExtension | undefined {
  const m =
    /^EXTENSION\s+Name: (\S+)\s+State: (\S+)\s+Events: \[([^\]]*)\](?:\s+Error Type: (\S+))?/.exec(
      message,
    );
  if (m)
    return {
      name: m[1] ?? "",
      state: m[2] ?? "",
      events: (m[3] ?? "")
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean),
      ...(m[4] ? { errorType: m[4] } : {}),
    };
  const j = jsonRecord(message);
  if (j?.type !== "platform.extension") return undefined;
  return {
    name: String(j.record.name ?? ""),
    state: String(j.record.state ?? ""),
    events: strings(j.record.events),
    ...(typeof j.record.errorType === "string" ? { errorType: j.record.errorType } : {}),
  };
}

/** "TELEMETRY\tName: x\tState: Subscribed\tTypes: [Platform, Function]" or its JSON form. */
export function parseTelemetryLine(message: string): TelemetrySubscription | undefined {
  const m = /^TELEMETRY\s+Name: (\S+)\s+State: \S+\s+Types: \[([^\]]*)\]/.exec(message);
  if (m)
    return {
      name: m[1] ?? "",
      types: (m[2] ?? "")
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    };
  const j = jsonRecord(message);
  if (j?.type !== "platform.telemetrySubscription") return undefined;
  return { name: String(j.record.name ?? ""), types: strings(j.record.types) };
}

/** The start of an init (a new environment): INIT_START or platform.initStart. */
export function isInitStart(message: string): boolean {
  return message.startsWith("INIT_START") || jsonRecord(message)?.type === "platform.initStart";
}

export type LogSource = "function" | "platform" | "extension" | "telemetry";

export const LOG_SOURCES: [LogSource, string][] = [
  ["function", "Function"],
  ["platform", "Platform"],
  ["extension", "Extensions"],
  ["telemetry", "Telemetry"],
];

const PLATFORM =
  /^(START|END|REPORT|INIT_START|INIT_REPORT|INIT_RUNTIME_DONE|RESTORE_\w+|SHUTDOWN) /;
const TIMEOUT = /^\S+ [0-9a-f-]{36} Task timed out after/;

/**
 * Which source a line comes from. Extension output is told by its "[name] " prefix for an
 * extension the log names (the local engine adds it; extensions following AWS's samples print it).
 */
export function logSource(message: string, extensions: ReadonlySet<string>): LogSource {
  if (parseTelemetryLine(message)) return "telemetry";
  if (parseExtensionLine(message)) return "extension";
  if (PLATFORM.test(message) || TIMEOUT.test(message) || message.startsWith("[lambda-console]"))
    return "platform";
  const j = jsonRecord(message);
  if (j?.type.startsWith("platform.")) return "platform";
  const named = /^\[([\w.+-]+)\]/.exec(message)?.[1];
  if (named && extensions.has(named)) return "extension";
  return "function";
}
