import type { Target } from "../targets/types";

/** The small error union every caller handles (see STYLE.md "Errors"). */
export type AwsErrorKind =
  "NotFound" | "Forbidden" | "Throttled" | "Invalid" | "Conflict" | "Unavailable" | "Internal";

/** Plain, serialisable error data: safe to hand to client components. */
export interface AwsErrorInfo {
  kind: AwsErrorKind;
  message: string;
  /** The SDK's error name or the socket error code, for support; never a stack. */
  code: string;
}

/** What lib/aws wrappers throw; callers switch on `kind`. */
export class AwsFailure extends Error {
  override readonly name = "AwsFailure";
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }

  toInfo(): AwsErrorInfo {
    return { kind: this.kind, message: this.message, code: this.code };
  }
}

const KIND_BY_NAME: Readonly<Record<string, AwsErrorKind>> = {
  ResourceNotFoundException: "NotFound",
  NotFoundException: "NotFound",
  AccessDeniedException: "Forbidden",
  AccessDenied: "Forbidden",
  UnrecognizedClientException: "Forbidden",
  InvalidSignatureException: "Forbidden",
  SignatureDoesNotMatch: "Forbidden",
  ExpiredTokenException: "Forbidden",
  ExpiredToken: "Forbidden",
  InvalidClientTokenId: "Forbidden",
  CredentialsProviderError: "Forbidden",
  TooManyRequestsException: "Throttled",
  ThrottlingException: "Throttled",
  Throttling: "Throttled",
  RequestLimitExceeded: "Throttled",
  InvalidParameterValueException: "Invalid",
  InvalidRequestContentException: "Invalid",
  ValidationException: "Invalid",
  RequestTooLargeException: "Invalid",
  RequestEntityTooLargeException: "Invalid",
  UnsupportedMediaTypeException: "Invalid",
  CodeStorageExceededException: "Invalid",
  ResourceConflictException: "Conflict",
  ResourceInUseException: "Conflict",
  PreconditionFailedException: "Conflict",
  ConflictException: "Conflict",
  ServiceUnavailableException: "Unavailable",
  ServiceException: "Internal",
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

const NETWORK_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined;
}

/** Socket failures arrive as plain Errors with `code`, sometimes wrapped (cause, AggregateError). */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const code = field(err, "code");
  if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
  const name = field(err, "name");
  if (typeof name === "string" && NETWORK_NAMES.has(name)) return name;
  const nested = [field(err, "cause"), ...Array.from(asArray(field(err, "errors")))];
  for (const inner of nested) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function kindFromStatus(status: unknown): AwsErrorKind | undefined {
  if (typeof status !== "number") return undefined;
  if (status === 404) return "NotFound";
  if (status === 401 || status === 403) return "Forbidden";
  if (status === 429) return "Throttled";
  if (status === 409 || status === 412) return "Conflict";
  if (status >= 400 && status < 500) return "Invalid";
  if (status === 502 || status === 503 || status === 504) return "Unavailable";
  if (status >= 500) return "Internal";
  return undefined;
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  TimeoutError: "connection timed out",
  RequestTimeout: "request timed out",
};

/** The message a person sees when the target cannot be reached at all. */
export function unreachableMessage(target: Target, code: string): string {
  const where = target.endpoint ?? `AWS Lambda in ${target.region}`;
  if (target.kind === "local") {
    return `The local engine is not running on ${where}. Start it with "npm start" (or "npm run engine" for the engine alone).`;
  }
  return `Cannot reach ${target.label} at ${where}: ${NETWORK_REASONS[code] ?? code}.`;
}

/** Maps anything the SDK (or the socket below it) throws to the error union, by `error.name`. */
export function mapAwsError(err: unknown, target: Target): AwsFailure {
  if (err instanceof AwsFailure) return err;
  const netCode = networkCode(err);
  if (netCode) return new AwsFailure("Unavailable", unreachableMessage(target, netCode), netCode);

  const rawName = field(err, "name");
  const name = typeof rawName === "string" && rawName !== "" ? rawName : "Error";
  const rawMessage = field(err, "message");
  const sdkMessage = typeof rawMessage === "string" && rawMessage !== "" ? rawMessage : name;

  if (name === "CredentialsProviderError") {
    const profile = target.profile ? ` (profile "${target.profile}")` : "";
    return new AwsFailure(
      "Forbidden",
      `No usable AWS credentials for ${target.label}${profile}: ${sdkMessage}`,
      name,
    );
  }
  const kind =
    KIND_BY_NAME[name] ?? kindFromStatus(field(field(err, "$metadata"), "httpStatusCode"));
  if (kind === undefined || kind === "Internal") {
    // Unexpected failures keep their name for support but not their text, which may be internal.
    return new AwsFailure(
      "Internal",
      `${target.label} answered with an unexpected error (${name}).`,
      name,
    );
  }
  return new AwsFailure(kind, sdkMessage, name);
}

export type AwsResult<T> = { ok: true; data: T } | { ok: false; error: AwsErrorInfo };

/** For pages that render the error state inline instead of throwing to error.tsx. */
export async function settle<T>(promise: Promise<T>): Promise<AwsResult<T>> {
  try {
    return { ok: true, data: await promise };
  } catch (err) {
    if (err instanceof AwsFailure) return { ok: false, error: err.toInfo() };
    throw err;
  }
}
