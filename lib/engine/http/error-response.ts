import { AwsError } from "../errors/aws-error";
import { protocolError, restJsonError, type Operation } from "./operations";
import type { EngineResponse } from "./types";

/**
 * An AwsError as the wire sends it, in `protocol` (default: the error's own): restJson1 with its
 * extra body fields and headers, the JSON protocols as `__type` and `message` (plus the error's
 * extra fields and headers), the others as protocolError shapes them.
 */
export function errorResponse(
  err: AwsError,
  protocol: Operation["protocol"] = err.protocol,
): EngineResponse {
  if (protocol === "restJson1")
    return restJsonError(err.status, err.type, err.message, err.messageKey, err.extra, err.headers);
  const response = protocolError(protocol, err.status, err.type, err.message, err.messageKey);
  if (protocol !== "awsJson1.0" && protocol !== "awsJson1.1") return response;
  return {
    ...response,
    headers: { ...response.headers, ...err.headers },
    body: JSON.stringify({ __type: err.type, message: err.message, ...err.extra }),
  };
}

/** The 500 a request gets when the engine itself failed on it (logged with `what`). */
export function internalError(err: unknown, what = "request failed"): EngineResponse {
  console.error(`[engine] ${what}`, err);
  return errorResponse(
    new AwsError(
      500,
      "ServiceException",
      "An internal error occurred in the local engine.",
      "Message",
    ),
  );
}
