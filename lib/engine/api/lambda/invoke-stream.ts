import type { Router } from "../../http/router";
import { json, type EngineRequest } from "../../http/types";
import { AwsError } from "../../errors/aws-error";
import type { Invoker } from "../../invoke/invoker";
import { encodeEventMessage, encodeJsonEvent } from "../../logs/event-stream";
import { param } from "./params";

const header = (req: EngineRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Lambda's chunk size for PayloadChunk events. */
const CHUNK = 32 * 1024;

/**
 * InvokeWithResponseStream: the function's response as PayloadChunk events, then InvokeComplete
 * (with ErrorCode/ErrorDetails when the function failed), in the event-stream encoding.
 * The engine collects the runtime's streamed response before sending it (not incrementally).
 */
export function registerStreamingInvokeRoutes(router: Router, invoker: Invoker): void {
  router.route(
    "POST",
    "/2021-11-15/functions/:name/response-streaming-invocations",
    async (req) => {
      const type = header(req, "x-amz-invocation-type") ?? "RequestResponse";
      if (type !== "RequestResponse" && type !== "DryRun")
        throw new AwsError(
          400,
          "ValidationException",
          `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]`,
          "message",
        );
      const logType = header(req, "x-amz-log-type") ?? "None";
      if (logType !== "None" && logType !== "Tail")
        throw new AwsError(
          400,
          "ValidationException",
          `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`,
          "message",
        );
      // The headers go out with the first piece the function writes (or with the whole answer
      // of a function that does not stream); errors before it (404, 429) are AWS errors.
      let writer: ((chunk: Buffer) => void) | undefined;
      const early: Buffer[] = [];
      let version: string | undefined;
      let first: () => void = () => {};
      const started = new Promise<void>((r) => (first = r));
      const running = invoker.invoke({
        functionName: param(req, "name"),
        qualifier: req.query.get("Qualifier") ?? undefined,
        invocationType: type,
        logType,
        payload: req.body,
        clientContext: header(req, "x-amz-client-context"),
        onChunk: (chunk, executedVersion) => {
          version = executedVersion;
          if (writer) writer(payloadChunk(chunk));
          else early.push(chunk);
          first();
        },
      });
      const done = await Promise.race([running, started.then(() => undefined)]);
      const headers: Record<string, string> = {};
      if (done?.statusCode === 204)
        return { status: 204, headers: { "x-amzn-requestid": done.requestId }, body: "" };
      if (done) headers["x-amzn-requestid"] = done.requestId;
      headers["content-type"] = "application/vnd.amazon.eventstream";
      const executed = done?.executedVersion ?? version;
      if (executed) headers["x-amz-executed-version"] = executed;
      return {
        status: 200,
        headers,
        stream: async (write) => {
          for (const c of early.splice(0)) write(payloadChunk(c));
          writer = write;
          const result = await running.catch((err: unknown) => err as Error);
          writer = undefined;
          const complete: Record<string, string> = {};
          if (result instanceof Error) {
            complete.ErrorCode = result.name;
            complete.ErrorDetails = result.message;
          } else if (result.functionError) {
            const doc = safeJson(result.payload);
            complete.ErrorCode = typeof doc?.errorType === "string" ? doc.errorType : "Unhandled";
            complete.ErrorDetails = result.payload.toString("utf8");
          } else if (version === undefined) {
            // A function that does not stream: its whole response, in chunks.
            for (let i = 0; i < result.payload.length; i += CHUNK)
              write(payloadChunk(result.payload.subarray(i, i + CHUNK)));
          }
          if (!(result instanceof Error) && result.logResult !== undefined)
            complete.LogResult = result.logResult;
          write(encodeJsonEvent("InvokeComplete", complete));
        },
      };
    },
  );
  // The legacy InvokeAsync: the body is the event; 202 with Status.
  router.route("POST", "/2014-11-13/functions/:name/invoke-async", async (req) => {
    const result = await invoker.invoke({
      functionName: param(req, "name"),
      invocationType: "Event",
      payload: req.body,
    });
    return json(202, { Status: 202 }, { "x-amzn-requestid": result.requestId });
  });
}

const payloadChunk = (c: Buffer) =>
  encodeEventMessage(
    {
      ":event-type": "PayloadChunk",
      ":content-type": "application/octet-stream",
      ":message-type": "event",
    },
    c,
  );

function safeJson(b: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(b.toString("utf8")) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
