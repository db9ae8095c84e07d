import { AwsFailure, type AwsErrorKind } from "./errors";

const STATUS: Record<AwsErrorKind, number> = {
  NotFound: 404,
  Forbidden: 403,
  Throttled: 429,
  Invalid: 400,
  Conflict: 409,
  Unavailable: 503,
  Internal: 502,
};

/**
 * For route handlers that serve lib/aws data as JSON: the data, or the AwsFailure as
 * `{ message, kind }` with a fitting status. Anything else is rethrown.
 */
export async function jsonOrFailure<T>(work: () => Promise<T>): Promise<Response> {
  try {
    return Response.json(await work());
  } catch (err) {
    if (err instanceof AwsFailure) {
      return Response.json({ message: err.message, kind: err.kind }, { status: STATUS[err.kind] });
    }
    throw err;
  }
}
