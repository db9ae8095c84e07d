import "server-only";
import { InvokeCommand, LogType } from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { mapAwsError } from "./errors";

export interface InvocationResult {
  statusCode: number;
  /** "Unhandled" / "Handled" when the function failed; the payload then holds the error document. */
  functionError: string | null;
  executedVersion: string | null;
  /** The response payload as text (usually JSON). */
  payload: string;
  /** The last 4 KB of the invocation's log (LogType Tail), decoded. */
  logTail: string;
}

/** A synchronous Invoke with the log tail, as the Test tab shows it. Throws AwsFailure. */
export async function invokeFunction(
  target: Target,
  functionName: string,
  payloadJson: string,
): Promise<InvocationResult> {
  try {
    const out = await getLambdaClient(target).send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: "RequestResponse",
        LogType: LogType.Tail,
        Payload: new TextEncoder().encode(payloadJson),
      }),
    );
    return {
      statusCode: out.StatusCode ?? 0,
      functionError: out.FunctionError ?? null,
      executedVersion: out.ExecutedVersion ?? null,
      payload: out.Payload ? new TextDecoder().decode(out.Payload) : "",
      logTail: out.LogResult ? Buffer.from(out.LogResult, "base64").toString("utf8") : "",
    };
  } catch (err) {
    throw mapAwsError(err, target);
  }
}
