import { formatTimeoutLine } from "../logs/platform-lines";
import { ExtensionInitError } from "./environment-extensions";
import type { ExtensionHost } from "./extension-host";
import type { ExtensionFailure } from "./extensions-api";

/** What the extensions' phases read of the execution environment they run in. */
export interface ExtensionsEnvironment {
  readonly logFormatJson: boolean;
  readonly log: { line(line: string): void };
  readonly ext: ExtensionHost | undefined;
  readonly initializationType: string;
  onceExited(fn: () => void): () => void;
}

const doc = (v: unknown) => Buffer.from(JSON.stringify(v));

/** A platform line in the log, and the same event on the Telemetry API's platform stream. */
export function platformLine(
  env: ExtensionsEnvironment,
  format: (json: boolean) => string,
  telemetryOnly?: Record<string, unknown>,
): void {
  const line = format(env.logFormatJson);
  env.log.line(line);
  const t = env.ext?.telemetry;
  if (!t?.listening) return;
  const e = JSON.parse(env.logFormatJson ? line : format(true)) as {
    type: string;
    record: Record<string, unknown>;
  };
  t.emit("platform", e.type, { ...e.record, ...telemetryOnly });
}

/** platform.report's span for the extensions' time after the runtime's answer, as RAPID sends it. */
export function extensionOverheadSpan(post: {
  ms: number;
  startedAt?: number;
}): Record<string, unknown> | undefined {
  if (post.startedAt === undefined || post.ms <= 0) return undefined;
  return {
    spans: [
      {
        name: "extensionOverhead",
        start: new Date(post.startedAt).toISOString(),
        durationMs: Math.round(post.ms * 1000) / 1000,
      },
    ],
  };
}

/** The extension failure behind a failed start, if that is what it was. */
export function extensionFailureOf(err: unknown): ExtensionFailure | undefined {
  return err instanceof ExtensionInitError ? err.failure : undefined;
}

/** What the caller gets when an extension failed the init or the invoke. */
export function extensionFailurePayload(
  requestId: string,
  f: ExtensionFailure,
): { payload: Buffer; errorType: string; status: "error"; line: string } {
  const message = `RequestId: ${requestId} Error: ${f.message}`;
  return {
    payload: doc({ errorType: f.errorType, errorMessage: message }),
    errorType: f.errorType,
    status: "error",
    line: `${message}\n${f.errorType}`,
  };
}

/** The end of init on the Telemetry API: initRuntimeDone, each extension's state, initReport. */
export function reportInit(
  env: ExtensionsEnvironment,
  outcome: { status: "success" | "error" | "timeout"; errorType?: string; durationMs: number },
): void {
  const ext = env.ext;
  if (!ext) return;
  const base = { initializationType: env.initializationType, phase: "init" };
  const err = outcome.errorType ? { errorType: outcome.errorType } : {};
  ext.telemetry.emit("platform", "platform.initRuntimeDone", {
    ...base,
    status: outcome.status,
    ...err,
  });
  ext.reportInit();
  ext.telemetry.emit("platform", "platform.initReport", {
    ...base,
    status: outcome.status,
    ...err,
    metrics: { durationMs: Math.round(outcome.durationMs * 100) / 100 },
  });
}

/** platform.runtimeDone once the runtime has answered (before the extensions' own time). */
export function reportRuntimeDone(
  env: ExtensionsEnvironment,
  r: {
    requestId: string;
    status: string;
    errorType?: string;
    durationMs: number;
    producedBytes: number;
  },
): void {
  env.ext?.telemetry.emit("platform", "platform.runtimeDone", {
    requestId: r.requestId,
    status: r.status,
    ...(r.errorType ? { errorType: r.errorType } : {}),
    metrics: { durationMs: Math.round(r.durationMs * 100) / 100, producedBytes: r.producedBytes },
  });
}

/** Why the invoke failed after the runtime's answer: for the log and the REPORT line. */
export interface PostRuntimeFailure {
  payload: Buffer;
  errorType: string;
  status: "error" | "timeout";
  line: string;
}

/**
 * After the runtime's answer: waits until every extension that got INVOKE has called Next again
 * (Lambda's invoke ends there), within what is left of the function's timeout. Returns the time
 * spent (PostRuntimeExtensionsDuration) and, when an extension crashed or ran out of time, what
 * the log and the REPORT line say.
 */
export async function awaitExtensions(
  env: ExtensionsEnvironment,
  done: (() => Promise<void>) | undefined,
  at: { requestId: string; runtimeMs: number; timeoutMs: number },
): Promise<{ ms: number; startedAt?: number; failure?: PostRuntimeFailure }> {
  const ext = env.ext;
  // The common case, no extension: nothing to wait for, no timer on the invoke's path.
  if (!ext?.active || !done) return { ms: 0 };
  const t0 = performance.now();
  const startedAt = Date.now();
  if (ext.api.failure)
    return { ms: 0, failure: extensionFailurePayload(at.requestId, ext.api.failure) };
  let timer: NodeJS.Timeout | undefined;
  let offExit = () => {};
  let offFail = () => {};
  const verdict = await Promise.race([
    done().then(() => undefined),
    new Promise<ExtensionFailure>((r) => (offFail = ext.onceFailed(r))),
    new Promise<"timeout">(
      (r) => (timer = setTimeout(() => r("timeout"), Math.max(0, at.timeoutMs - at.runtimeMs))),
    ),
    new Promise<ExtensionFailure>((r) => {
      offExit = env.onceExited(() =>
        r(ext.api.failure ?? { errorType: "Extension.Crash", message: "exit status 1" }),
      );
    }),
  ]);
  clearTimeout(timer);
  offExit();
  offFail();
  const ms = performance.now() - t0;
  // An extension's lines printed before its Next are in its output socket already (launcher.ts):
  // read in this turn of the event loop, before the invoke's END.
  await new Promise((r) => setImmediate(r));
  const failed = ext.api.failure ?? verdict;
  if (failed === undefined) return { ms, startedAt };
  if (failed !== "timeout")
    return { ms, startedAt, failure: extensionFailurePayload(at.requestId, failed) };
  return {
    ms,
    startedAt,
    failure: {
      payload: Buffer.alloc(0),
      errorType: "Sandbox.Timedout",
      status: "timeout",
      line: formatTimeoutLine(at.requestId, (at.runtimeMs + ms) / 1000),
    },
  };
}

/** A promise of an extension failure during one invoke, and its unsubscribe. */
export function failureDuring(env: ExtensionsEnvironment): {
  failed: Promise<ExtensionFailure> | undefined;
  off: () => void;
} {
  const ext = env.ext;
  if (!ext?.active) return { failed: undefined, off: () => {} };
  let off = () => {};
  const failed = new Promise<ExtensionFailure>((r) => (off = ext.onceFailed(r)));
  return { failed, off };
}
