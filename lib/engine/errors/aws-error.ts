/**
 * The engine's domain error: what went wrong, as AWS names it (status, error code, message). The
 * HTTP layer renders it in the wire protocol (lib/engine/http/error-response.ts); nothing here
 * knows about responses.
 */

/** The JSON protocols an error can belong to: Lambda's restJson1 unless its service says otherwise. */
export type ErrorProtocol = "restJson1" | "awsJson1.0" | "awsJson1.1";

export class AwsError extends Error {
  /** The protocol of the service that raised it (awsJson services' errors set theirs). */
  readonly protocol: ErrorProtocol = "restJson1";

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** The message key as the service model spells it ("message" or "Message"; restJson1). */
    readonly messageKey: "message" | "Message" = "message",
    /** Body fields besides the message (e.g. Lambda's Reason, CloudWatch's namespaced __type). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }
}

export const invalidParameter = (message: string) =>
  new AwsError(400, "InvalidParameterValueException", message, "message");
export const resourceNotFound = (message: string) =>
  new AwsError(404, "ResourceNotFoundException", message, "Message");
export const resourceConflict = (message: string) =>
  new AwsError(409, "ResourceConflictException", message, "message");
export const preconditionFailed = (message: string) =>
  new AwsError(412, "PreconditionFailedException", message, "message");
