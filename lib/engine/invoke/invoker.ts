import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import type { EngineContext } from "../context";
import type { CredentialRegistry } from "../credentials";
import type { InvocationTarget } from "../functions/types";
import { AwsError } from "../errors/aws-error";
import { prepareFileSystemMount } from "../functions/file-system-mount";
import { detectIsolation, sandboxRefusal } from "../sandbox/isolation";
import { ExecutionEnvironment } from "../scheduler/environment";
import type { EnvironmentDeps } from "../scheduler/environment-deps";
import { Dispatcher } from "../scheduler/dispatch";
import type { NewEvent, QueuedEvent } from "../async/queue-store";
import type { EventRunResult } from "../async/durable-queue";
import { LogBatcher } from "../logs/log-batcher";
import type { ProxyService } from "../rds/proxies";
import { ShutdownTracker } from "../extensions/environment-extensions";
import { validateInvokePayload, decodeClientContext } from "./validate";

/** Finds what to run for a name (or ARN) and qualifier; throws AwsError (404 etc.). */
export type ResolveTarget = (
  functionName: string,
  qualifier: string | undefined,
) => InvocationTarget;

export type InvocationType = "RequestResponse" | "Event" | "DryRun";

interface InvokeRequest {
  /** A name, partial ARN or full ARN, possibly with ":qualifier". */
  functionName: string;
  qualifier?: string;
  invocationType?: InvocationType;
  logType?: "None" | "Tail";
  payload?: Buffer;
  /** X-Amz-Client-Context: base64 of a JSON object. */
  clientContext?: string;
  /** Issue 21: pieces of a streamed response as they arrive, with the version that runs. */
  onChunk?: (chunk: Buffer, executedVersion: string) => void;
}

interface InvokeResult {
  /** 200 RequestResponse, 202 Event, 204 DryRun. */
  statusCode: 200 | 202 | 204;
  requestId: string;
  payload: Buffer;
  functionError?: "Unhandled" | "Handled";
  executedVersion?: string;
  /** Base64 of the last 4 KB of the invocation's log (LogType Tail). */
  logResult?: string;
}

export interface Invoker {
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  /** Runs one queued Event invocation (the durable queue's runner); throttles throw AwsError 429. */
  runEvent(e: QueuedEvent): Promise<EventRunResult>;
  /** Concurrency ledger, environment pool, provisioned environments, scaling limits. */
  readonly dispatcher: Dispatcher;
  /** Code or configuration changed, or the function was deleted: drain and kill its environments. */
  retire(functionName: string): void;
  /** Idempotent: kills every environment. */
  dispose(): Promise<void>;
  /** Live environments (optionally of one function). */
  environmentCount(functionName?: string): number;
}

export interface InvokerOptions {
  /** Where functions reach the engine (AWS_ENDPOINT_URL); defaults to the configured host and port. */
  endpoint?: () => string;
  /** Database proxies functions may be connected to (lib/engine/rds), once they exist. */
  databaseProxies?: () => ProxyService | undefined;
  /** The durable Event queue (lib/engine/async) that accepted Event invocations are written to. */
  events: { enqueue(e: NewEvent): void };
}

let hostPython: string | undefined;
function hostPythonVersion(): string | undefined {
  try {
    hostPython ??= execFileSync(
      "/usr/bin/python3",
      ["-c", "import sys;print('%d.%d'%sys.version_info[:2])"],
      { encoding: "utf8" },
    ).trim();
  } catch {
    hostPython = "";
  }
  return hostPython || undefined;
}

/** Splits "name:qualifier" / "123456789012:function:name:qualifier" / a full ARN. */
export function splitFunctionName(
  raw: string,
  qualifier: string | undefined,
): { name: string; qualifier?: string } {
  let name = raw;
  let q: string | undefined;
  const arn =
    /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/.exec(
      raw,
    );
  if (arn) {
    name = arn[1] ?? raw;
    q = arn[2];
  } else {
    const m = /^([a-zA-Z0-9-_]+):([a-zA-Z0-9-_$]+)$/.exec(raw);
    if (m) {
      name = m[1] ?? raw;
      q = m[2];
    }
  }
  if (q && qualifier && q !== qualifier) {
    throw new AwsError(
      400,
      "InvalidParameterValueException",
      "The derived qualifier from the function name does not match the specified qualifier.",
      "message",
    );
  }
  return { name, qualifier: qualifier ?? q };
}

export function createInvoker(
  ctx: EngineContext,
  credentials: CredentialRegistry,
  resolve: ResolveTarget,
  opts: InvokerOptions,
): Invoker {
  const isolation = detectIsolation(ctx.config.sandboxEnv);
  const batcher = new LogBatcher(ctx.db, ctx.logs);
  const shutdowns = new ShutdownTracker();
  const endpoint = opts.endpoint ?? (() => `http://${ctx.config.host}:${ctx.config.port}`);
  const dispatcher = new Dispatcher(
    ctx,
    (key, target) => {
      const deps: EnvironmentDeps = {
        ctx,
        credentials,
        batcher,
        isolation,
        engineEndpoint: endpoint(),
        shutdowns,
        databaseProxies: opts.databaseProxies,
        hostPythonVersion: target.config.Runtime?.startsWith("python")
          ? hostPythonVersion()
          : undefined,
      };
      return new ExecutionEnvironment(key, target, deps);
    },
    isolation,
  );
  let disposed = false;

  const run = (
    target: InvocationTarget,
    requestId: string,
    payload: Buffer,
    invokedArn: string,
    clientContext: string | undefined,
    logTail = false,
    onChunk?: (chunk: Buffer) => void,
  ) => {
    // Fails closed: without a sandbox, only the operator's explicit opt-out runs function code.
    const refusal = sandboxRefusal(isolation);
    if (refusal) return Promise.reject(new AwsError(500, "ServiceException", refusal, "Message"));
    const go = () =>
      dispatcher.run(target, {
        requestId,
        payload,
        functionArn: invokedArn,
        clientContext,
        logTail,
        ...(onChunk ? { onChunk } : {}),
      });
    // EFS (issue 17): a file system that cannot be mounted is the caller's error, as on Lambda.
    if (target.config.FileSystemConfigs) return prepareFileSystemMount(ctx, target.config).then(go);
    return go();
  };

  const invokedArnOf = (target: InvocationTarget, qualifier: string | undefined) => {
    const base = `${ctx.arnPrefix}function:${target.config.FunctionName}`;
    return qualifier ? `${base}:${qualifier}` : base;
  };

  return {
    dispatcher,
    async invoke(req) {
      if (disposed)
        throw new AwsError(503, "ServiceException", "The engine is shutting down.", "Message");
      const type = req.invocationType ?? "RequestResponse";
      if (!["RequestResponse", "Event", "DryRun"].includes(type)) {
        throw new AwsError(
          400,
          "InvalidParameterValueException",
          `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
          "message",
        );
      }
      const payload = validateInvokePayload(req.payload ?? Buffer.alloc(0), type);
      const clientContext = decodeClientContext(req.clientContext);
      const { name, qualifier } = splitFunctionName(req.functionName, req.qualifier);
      const target = resolve(name, qualifier);
      const requestId = crypto.randomUUID();
      const invokedArn = invokedArnOf(target, qualifier);
      if (type === "DryRun") return { statusCode: 204, requestId, payload: Buffer.alloc(0) };
      if (type === "Event") {
        // Written to the store before the 202: an accepted event survives a crash.
        opts.events.enqueue({
          requestId,
          functionName: target.config.FunctionName,
          qualifier,
          payload,
          clientContext: req.clientContext,
        });
        return { statusCode: 202, requestId, payload: Buffer.alloc(0) };
      }
      const outcome = await run(
        target,
        requestId,
        payload,
        invokedArn,
        clientContext,
        req.logType === "Tail",
        req.onChunk && ((c: Buffer) => req.onChunk?.(c, target.version)),
      );
      return {
        statusCode: 200,
        requestId,
        payload: outcome.payload,
        functionError: outcome.errorType ? "Unhandled" : undefined,
        executedVersion: target.version,
        logResult: req.logType === "Tail" ? outcome.logResult : undefined,
      };
    },
    async runEvent(e) {
      if (disposed)
        throw new AwsError(503, "ServiceException", "The engine is shutting down.", "Message");
      const target = resolve(e.functionName, e.qualifier);
      const outcome = await run(
        target,
        e.requestId,
        e.payload,
        invokedArnOf(target, e.qualifier),
        decodeClientContext(e.clientContext),
      );
      return {
        payload: outcome.payload,
        functionError: outcome.errorType ? "Unhandled" : undefined,
        executedVersion: target.version,
      };
    },
    retire(functionName) {
      dispatcher.pool.retire(functionName);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      // Extensions registered for SHUTDOWN get it, within their 2 s, before the engine goes.
      await Promise.all([dispatcher.dispose(), shutdowns.drain()]);
      batcher.flush();
    },
    environmentCount(functionName) {
      return dispatcher.pool.count(functionName);
    },
  };
}
