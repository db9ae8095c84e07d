import "server-only";
import { InvokeCommand, LogType } from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";

export interface InvokeOptions {
  qualifier?: string;
  /** RequestResponse waits for the result; Event queues it (202). */
  invocationType: "RequestResponse" | "Event";
}

export interface InvokeOutcome {
  statusCode: number;
  requestId: string;
  functionError: string | null;
  executedVersion: string | null;
  payload: string;
  /** Decoded LogType Tail (sync only). */
  logTail: string;
  /** Wall time seen by the console, ms. */
  roundTripMs: number;
}

/** The one Invoke wrapper: with a qualifier, sync (with the log tail) or async. Throws AwsFailure. */
export async function invokeWith(
  target: Target,
  functionName: string,
  payloadJson: string,
  opts: InvokeOptions,
): Promise<InvokeOutcome> {
  const t0 = performance.now();
  const out = await getLambdaClient(target).send(
    new InvokeCommand({
      FunctionName: functionName,
      ...(opts.qualifier ? { Qualifier: opts.qualifier } : {}),
      InvocationType: opts.invocationType,
      ...(opts.invocationType === "RequestResponse" ? { LogType: LogType.Tail } : {}),
      Payload: new TextEncoder().encode(payloadJson),
    }),
  );
  return {
    statusCode: out.StatusCode ?? 0,
    requestId: out.$metadata.requestId ?? "",
    functionError: out.FunctionError ?? null,
    executedVersion: out.ExecutedVersion ?? null,
    payload: out.Payload ? new TextDecoder().decode(out.Payload) : "",
    logTail: out.LogResult ? Buffer.from(out.LogResult, "base64").toString("utf8") : "",
    roundTripMs: Math.round(performance.now() - t0),
  };
}
