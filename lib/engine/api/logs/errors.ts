import type { EngineResponse } from "../../http/types";
import { AwsError } from "../../errors/aws-error";

/** awsJson1.1 content type: the Logs API answers with it, errors included. */
const AWS_JSON_11 = "application/x-amz-json-1.1";

/**
 * A CloudWatch Logs error as awsJson1.1 sends it: `__type` and `message` in the body plus
 * x-amzn-ErrorType; the Lambda REST error shape (Type + message key) stays untouched.
 */
export class LogsError extends AwsError {
  override readonly protocol = "awsJson1.1";

  constructor(status: number, type: string, message: string) {
    super(status, type, message, "message");
  }
}

export const invalidParameterException = (message: string) =>
  new LogsError(400, "InvalidParameterException", message);

export const groupNotFound = () =>
  new LogsError(400, "ResourceNotFoundException", "The specified log group does not exist.");

export const streamNotFound = () =>
  new LogsError(400, "ResourceNotFoundException", "The specified log stream does not exist.");

export const alreadyExists = (what: "log group" | "log stream") =>
  new LogsError(400, "ResourceAlreadyExistsException", `The specified ${what} already exists`);

/** The smithy-style validation message AWS returns for out-of-model input. */
export const validationError = (value: unknown, member: string, constraint: string) =>
  invalidParameterException(
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );

export function logsJson(value: unknown): EngineResponse {
  return {
    status: 200,
    headers: { "content-type": AWS_JSON_11 },
    body: JSON.stringify(value ?? {}),
  };
}
