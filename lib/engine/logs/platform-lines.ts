/** Lambda's own log lines (INIT_START, START, END, REPORT), in Text or JSON log format. */

export interface ReportFigures {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Only on the first invoke of an environment. */
  initDurationMs?: number;
  /** "timeout" or "error" when the invoke did not finish normally. */
  status?: "timeout" | "error";
  errorType?: string;
}

const iso = () => new Date().toISOString();

/**
 * A line the engine adds to a function's log (which Node.js or Python ran, and why): plain text,
 * or under LogFormat JSON an INFO record in the shape of the runtime's own JSON log lines, so a
 * JSON log group holds JSON only.
 */
export function formatEngineNotice(json: boolean, message: string): string {
  return json ? JSON.stringify({ timestamp: iso(), level: "INFO", message }) : message;
}

/** INIT_START with the runtime version (functions/runtime-version.ts: name and ARN). */
export function formatInitStart(
  json: boolean,
  runtimeVersion: { name: string; arn: string },
): string {
  const { name: version, arn } = runtimeVersion;
  if (json) {
    return JSON.stringify({
      time: iso(),
      type: "platform.initStart",
      record: {
        initializationType: "on-demand",
        phase: "init",
        runtimeVersion: version,
        runtimeVersionArn: arn,
      },
    });
  }
  return `INIT_START Runtime Version: ${version}\tRuntime Version ARN: ${arn}`;
}

export function formatStart(json: boolean, requestId: string, version: string): string {
  if (json)
    return JSON.stringify({ time: iso(), type: "platform.start", record: { requestId, version } });
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function formatEnd(json: boolean, requestId: string): string {
  if (json)
    return JSON.stringify({
      time: iso(),
      type: "platform.runtimeDone",
      record: { requestId, status: "success" },
    });
  return `END RequestId: ${requestId}`;
}

/** Billed duration: whole milliseconds, rounded up; the init phase is billed too (since 2025). */
export function billedMs(f: Pick<ReportFigures, "durationMs" | "initDurationMs">): number {
  return Math.max(1, Math.ceil(f.durationMs + (f.initDurationMs ?? 0)));
}

export function formatReport(json: boolean, f: ReportFigures): string {
  if (json) {
    const metrics: Record<string, number> = {
      durationMs: round2(f.durationMs),
      billedDurationMs: billedMs(f),
      memorySizeMB: f.memorySizeMb,
      maxMemoryUsedMB: f.maxMemoryUsedMb,
    };
    if (f.initDurationMs !== undefined) metrics.initDurationMs = round2(f.initDurationMs);
    const record: Record<string, unknown> = {
      requestId: f.requestId,
      metrics,
      status: f.status ?? "success",
    };
    if (f.errorType) record.errorType = f.errorType;
    return JSON.stringify({ time: iso(), type: "platform.report", record });
  }
  let line =
    `REPORT RequestId: ${f.requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs(f)} ms\t` +
    `Memory Size: ${f.memorySizeMb} MB\tMax Memory Used: ${f.maxMemoryUsedMb} MB\t`;
  if (f.initDurationMs !== undefined) line += `Init Duration: ${f.initDurationMs.toFixed(2)} ms\t`;
  if (f.status) line += `Status: ${f.status}\t`;
  if (f.errorType) line += `Error Type: ${f.errorType}\t`;
  return line;
}

/** "2024-05-01T10:00:00.000Z <id> Task timed out after 3.00 seconds" */
export function formatTimeoutLine(requestId: string, seconds: number): string {
  return `${iso()} ${requestId} Task timed out after ${seconds.toFixed(2)} seconds`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
