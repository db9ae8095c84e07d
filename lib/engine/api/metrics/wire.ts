import type { EngineRequest, EngineResponse } from "../../http/types";
import { AwsError } from "../../errors/aws-error";

/** awsJson1.0: CloudWatch metrics answers with it, errors included. */
const AWS_JSON_10 = "application/x-amz-json-1.0";

/**
 * A CloudWatch error as the awsQueryCompatible JSON protocol sends it: `__type` (shape id) and
 * `message`, plus x-amzn-query-error "<query code>;Sender" from which the SDK restores the old
 * query-protocol Code (InvalidParameterValue, MissingParameter, ...).
 */
export class MetricsError extends AwsError {
  override readonly protocol = "awsJson1.0";

  constructor(
    status: number,
    type: string,
    readonly queryCode: string,
    message: string,
  ) {
    super(
      status,
      type,
      message,
      "message",
      { __type: `com.amazonaws.cloudwatch#${type}` },
      { "x-amzn-query-error": `${queryCode};${status >= 500 ? "Receiver" : "Sender"}` },
    );
  }
}

export const invalidValue = (message: string) =>
  new MetricsError(400, "InvalidParameterValueException", "InvalidParameterValue", message);
export const invalidCombination = (message: string) =>
  new MetricsError(
    400,
    "InvalidParameterCombinationException",
    "InvalidParameterCombination",
    message,
  );
const missingParameter = (name: string) =>
  new MetricsError(
    400,
    "MissingRequiredParameterException",
    "MissingParameter",
    `The parameter ${name} is required.`,
  );

/**
 * An output document on the JSON protocol: Dates (timestamps) as epoch seconds, Maps as objects.
 * The query protocol writes the same document as XML (./query-protocol.ts).
 */
export function metricsJson(value: JsonObject): EngineResponse {
  const body = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Map) return Object.fromEntries(raw);
    return v;
  });
  return { status: 200, headers: { "content-type": AWS_JSON_10 }, body };
}

export type JsonObject = Record<string, unknown>;

export function parseBody(req: EngineRequest): JsonObject {
  if (req.body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(req.body.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as JsonObject;
  } catch {
    // fall through
  }
  throw new MetricsError(
    400,
    "SerializationException",
    "SerializationException",
    "Could not parse request body into json",
  );
}

export function str(o: JsonObject, name: string): string | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidValue(`The parameter ${name} must be a string.`);
  return v;
}

export function requiredStr(o: JsonObject, name: string): string {
  const v = str(o, name);
  if (v === undefined || v === "") throw missingParameter(name);
  return v;
}

export function int(o: JsonObject, name: string): number | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v))
    throw invalidValue(`The parameter ${name} must be an integer.`);
  return v;
}

/** awsJson timestamps are epoch seconds (fractions allowed); ISO strings are accepted too. */
export function time(o: JsonObject, name: string): number {
  const v = o[name];
  if (v === undefined || v === null) throw missingParameter(name);
  const ms = typeof v === "number" ? v * 1000 : typeof v === "string" ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalidValue(`The parameter ${name} is not a valid timestamp.`);
  return ms;
}

export function objects(o: JsonObject, name: string): JsonObject[] {
  const v = o[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidValue(`The parameter ${name} must be a list.`);
  return v.map((x) => {
    if (!x || typeof x !== "object" || Array.isArray(x))
      throw invalidValue(`The parameter ${name} must be a list of structures.`);
    return x as JsonObject;
  });
}

export function strings(o: JsonObject, name: string): string[] {
  const v = o[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw invalidValue(`The parameter ${name} must be a list of strings.`);
  return v as string[];
}

export interface Dimension {
  name: string;
  value: string | undefined;
}

export function dimensions(o: JsonObject, name: string): Dimension[] {
  return objects(o, name).map((d) => ({
    name: requiredStr(d, "Name"),
    value: str(d, "Value"),
  }));
}
