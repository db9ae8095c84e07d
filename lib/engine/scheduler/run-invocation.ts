import { runtimeVersionOf } from "../functions/runtime-version";
import crypto from "node:crypto";
import type { RuntimeEvent } from "./runtime-api-server";
import {
  formatEnd,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
} from "../logs/platform-lines";
import type { ExecutionEnvironment } from "./environment";
import { describeExit, type ExitInfo } from "./exit-info";
import { INIT_LIMIT_MS, initVerdict } from "./init-verdict";
import type { ExtensionFailure } from "../extensions/extensions-api";
import {
  awaitExtensions,
  extensionFailurePayload,
  extensionOverheadSpan,
  failureDuring,
  platformLine,
  reportInit,
  reportRuntimeDone,
} from "../extensions/invoke-phase";

export interface EnvInvocation {
  requestId: string;
  payload: Buffer;
  /** The ARN the caller used (qualified when invoked with a qualifier). */
  functionArn: string;
  clientContext?: string;
  cognitoIdentity?: string;
  /** X-Amz-Log-Type: Tail: the answer waits for the END and REPORT lines. */
  logTail?: boolean;
  /**
   * Called with the outcome as soon as the runtime has answered, before the platform lines and
   * the environment's release (which follow in the same event-loop turn, before any later
   * request is read). Not called when the caller asked for the log tail or the environment broke.
   */
  answer?: (outcome: InvokeOutcome) => void;
  /** Issue 21: each piece of a streamed response, as the runtime writes it. */
  onChunk?: (chunk: Buffer) => void;
}

export interface InvokeOutcome {
  payload: Buffer;
  /** Set when the function (or the platform on its behalf) failed: X-Amz-Function-Error. */
  errorType?: string;
  /** Base64 of the last 4 KB of this invocation's log lines. */
  logResult: string;
  /** Time extensions ran after the runtime's answer (PostRuntimeExtensionsDuration), when they did. */
  postRuntimeMs?: number;
}

type Verdict =
  | { kind: "event"; event: RuntimeEvent }
  | { kind: "exit"; exit: ExitInfo }
  | { kind: "timeout" }
  | { kind: "extension"; failure: ExtensionFailure };

const doc = (v: unknown) => Buffer.from(JSON.stringify(v));

/** An X-Ray trace header for a function with Active tracing; none otherwise (Lambda sends none). */
function traceId(mode: string | undefined): string | undefined {
  if (mode !== "Active") return undefined;
  const t = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  // randomUUID draws from node's entropy cache: two of them cost less than one randomBytes call.
  const a = crypto.randomUUID().replace(/-/g, "");
  const b = crypto.randomUUID();
  return `Root=1-${t}-${a.slice(0, 24)};Parent=${b.slice(0, 8)}${b.slice(9, 13)}${b.slice(14, 18)};Sampled=0`;
}

/** Waits for the first of: a matching Runtime API event, process exit, the deadline. */
function waitFor(
  env: ExecutionEnvironment,
  ms: number,
  match: (e: RuntimeEvent) => boolean,
  extra?: Promise<Verdict>,
): Promise<Verdict> {
  return new Promise((resolve) => {
    let settled = false;
    // Filled in below; onceExited may call back before it returns (the process is already gone).
    const exit = { off: () => {} };
    const done = (v: Verdict) => {
      if (settled) return;
      settled = true;
      off();
      exit.off();
      clearTimeout(timer);
      resolve(v);
    };
    const off = env.subscribe((event) => {
      if (match(event)) done({ kind: "event", event });
    });
    const timer = setTimeout(() => done({ kind: "timeout" }), ms);
    exit.off = env.onceExited((info) => done({ kind: "exit", exit: info }));
    void extra?.then(done, () =>
      done({ kind: "exit", exit: { code: null, signal: null, oom: false } }),
    );
  });
}

function exitFailure(
  requestId: string,
  exit: ExitInfo,
): { payload: Buffer; errorType: string; line: string } {
  const errorType = exit.oom ? "Runtime.OutOfMemory" : "Runtime.ExitError";
  // Lambda's words for a runtime that ends cleanly mid-invoke (exit status 0) differ.
  const why =
    exit.code === 0 && !exit.signal && !exit.oom
      ? "Runtime exited without providing a reason"
      : `Runtime exited with error: ${describeExit(exit)}`;
  const message = `RequestId: ${requestId} Error: ${why}`;
  return {
    payload: doc({ errorType, errorMessage: message }),
    errorType,
    line: `${message}\n${errorType}`,
  };
}

/** Runs one invocation in an environment: init when cold, deliver, wait, log, judge health. */
export async function runInvocation(
  env: ExecutionEnvironment,
  inv: EnvInvocation,
): Promise<InvokeOutcome> {
  const json = env.logFormatJson;
  const { requestId } = inv;
  const timeoutS = env.target.config.Timeout;
  env.state = "busy";
  env.log.beginCapture();
  let initDurationMs: number | undefined;
  let failure:
    { payload: Buffer; errorType: string; status: "error" | "timeout"; line?: string } | undefined;
  let payload: Buffer = Buffer.alloc(0);
  let extensionFailed = false;

  if (env.cold) {
    platformLine(env, (j) =>
      formatInitStart(j, runtimeVersionOf(env.runtime, env.target.config.FunctionArn)),
    );
    const initT0 = performance.now();
    // Lambda gives the init phase 10 s of its own before the invoke's timeout applies.
    const v = await initVerdict(env, INIT_LIMIT_MS + timeoutS * 1000);
    initDurationMs = env.initDurationMs;
    if (v.kind === "init-error") {
      const body =
        v.body.length > 0
          ? v.body
          : doc({ errorType: v.errorType ?? "Runtime.Unknown", errorMessage: "Init error" });
      let errorType = v.errorType ?? "Runtime.Unknown";
      try {
        errorType =
          (JSON.parse(body.toString("utf8")) as { errorType?: string }).errorType ?? errorType;
      } catch {
        // keep the header's type
      }
      failure = { payload: body, errorType, status: "error" };
    } else if (v.kind === "exit") {
      failure = { ...exitFailure(requestId, v.exit), status: "error" };
    } else if (v.kind === "timeout") {
      failure = {
        payload: doc({
          errorType: "Sandbox.Timedout",
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutS.toFixed(2)} seconds`,
        }),
        errorType: "Sandbox.Timedout",
        status: "timeout",
        line: formatTimeoutLine(requestId, timeoutS),
      };
    } else if (v.kind === "extension") {
      failure = extensionFailurePayload(requestId, v.failure);
      extensionFailed = true;
    }
    // A successful init reported itself (the environment's start); a failed one is told here.
    if (failure)
      reportInit(env, {
        status: failure.status === "timeout" ? "timeout" : "error",
        errorType: failure.errorType,
        durationMs: performance.now() - initT0,
      });
  }

  platformLine(env, (j) => formatStart(j, requestId, env.target.version));
  const t0 = performance.now();
  let extensionsDone: (() => Promise<void>) | undefined;
  if (!failure) {
    const deadlineMs = Date.now() + timeoutS * 1000;
    const trace = traceId(env.target.config.TracingConfig?.Mode);
    env.rapi.deliver({
      requestId,
      payload: inv.payload,
      deadlineMs,
      functionArn: inv.functionArn,
      traceId: trace,
      clientContext: inv.clientContext,
      cognitoIdentity: inv.cognitoIdentity,
    });
    // Extensions get INVOKE with the runtime; an extension's crash fails the invoke.
    extensionsDone = env.ext?.invoke({
      requestId,
      deadlineMs,
      invokedFunctionArn: inv.functionArn,
      traceId: trace,
    });
    const ext = failureDuring(env);
    // A streamed response's chunks go to the caller as they come (InvokeWithResponseStream, URLs).
    const onChunk = inv.onChunk;
    const unsubscribe = onChunk
      ? env.subscribe((e) => {
          if (e.kind === "chunk" && e.requestId === requestId) onChunk(e.chunk);
        })
      : undefined;
    const v = await waitFor(
      env,
      timeoutS * 1000,
      (e) =>
        e.kind !== "ready" &&
        e.kind !== "init-error" &&
        e.kind !== "chunk" &&
        e.requestId === requestId,
      ext.failed?.then((f): Verdict => ({ kind: "extension", failure: f })),
    );
    unsubscribe?.();
    ext.off();
    if (v.kind === "extension") {
      failure = extensionFailurePayload(requestId, v.failure);
      extensionFailed = true;
    } else if (v.kind === "event" && v.event.kind === "response") {
      payload = v.event.body;
    } else if (v.kind === "event" && v.event.kind === "error") {
      payload = v.event.body;
      // The runtime reported the handler's error and lives on: only the invocation failed.
      failure = { payload, errorType: v.event.errorType ?? "Unhandled", status: "error" };
    } else if (v.kind === "event" && v.event.kind === "response-too-large") {
      payload = doc({
        errorMessage:
          "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        errorType: "Function.ResponseSizeTooLarge",
      });
      failure = { payload, errorType: "Function.ResponseSizeTooLarge", status: "error" };
    } else if (v.kind === "exit") {
      failure = { ...exitFailure(requestId, v.exit), status: "error" };
    } else {
      const elapsed = (performance.now() - t0) / 1000;
      failure = {
        payload: doc({
          errorType: "Sandbox.Timedout",
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${elapsed.toFixed(2)} seconds`,
        }),
        errorType: "Sandbox.Timedout",
        status: "timeout",
        line: formatTimeoutLine(requestId, elapsed),
      };
    }
  }
  const runtimeMs = performance.now() - t0;
  if (extensionsDone)
    reportRuntimeDone(env, {
      requestId,
      status: failure ? (failure.status === "timeout" ? "timeout" : "error") : "success",
      errorType: failure?.errorType,
      durationMs: runtimeMs,
      producedBytes: failure ? failure.payload.length : payload.length,
    });
  // The environment is beyond use after a timeout, a dead process, a failed init or extension.
  let broken =
    failure !== undefined &&
    (failure.status === "timeout" ||
      extensionFailed ||
      env.exitInfo !== undefined ||
      (initDurationMs === undefined && env.cold));
  if (!broken) {
    // The caller's answer goes out now; the lines printed before the response arrive in this
    // turn, and the platform lines follow them.
    inv.answer?.(
      failure
        ? { payload: failure.payload, errorType: failure.errorType, logResult: "" }
        : { payload, logResult: "" },
    );
    await new Promise((r) => setImmediate(r));
  }
  // The invoke ends when every extension that got INVOKE has called Next again; that time
  // (PostRuntimeExtensionsDuration) is part of the duration and billed.
  let report = failure;
  const post = broken
    ? { ms: 0 }
    : await awaitExtensions(env, extensionsDone, {
        requestId,
        runtimeMs,
        timeoutMs: timeoutS * 1000,
      });
  const durationMs = runtimeMs + post.ms;
  if (post.failure) [report, broken] = [post.failure, true];
  if (broken) env.kill(report?.status === "timeout" ? "timeout" : "failure");
  // An OOM kill means the limit was reached, whatever the last sample saw.
  const maxMemoryUsedMb = env.exitInfo?.oom ? env.memoryMb : env.maxMemoryUsedMb();
  env.log.flushPartials();
  if (report?.line) env.log.line(report.line);
  env.log.line(formatEnd(json, requestId));
  platformLine(
    env,
    (j) =>
      formatReport(j, {
        requestId,
        durationMs,
        memorySizeMb: env.memoryMb,
        maxMemoryUsedMb,
        initDurationMs,
        status: broken ? report?.status : undefined,
        errorType: broken ? report?.errorType : undefined,
      }),
    extensionOverheadSpan(post),
  );
  env.cold = false;
  env.lastUsed = Date.now();
  env.settle();
  // No synchronous flush: the batcher writes right after this turn, after the response is on
  // the wire and before any later request (GetLogEvents) can be read.
  const logResult = env.log.endCapture();
  const postRuntimeMs = post.startedAt === undefined ? undefined : post.ms;
  if (failure)
    return { payload: failure.payload, errorType: failure.errorType, logResult, postRuntimeMs };
  return { payload, logResult, postRuntimeMs };
}
