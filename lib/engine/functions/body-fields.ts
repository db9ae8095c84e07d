import { AwsError } from "../errors/aws-error";

/** Readers of a JSON request body's optional fields: a wrong type is the SDK's body error. */
export const badBody = (detail: string) =>
  new AwsError(
    400,
    "InvalidRequestContentException",
    `Could not parse request body into json: ${detail}`,
    "message",
  );

export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badBody(`${key} must be a string`);
  return v;
}
export function optNumber(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw badBody(`${key} must be a number`);
  return v;
}
export function optBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badBody(`${key} must be a boolean`);
  return v;
}
export function optObject(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw badBody(`${key} must be an object`);
  return v as Record<string, unknown>;
}
export function optStringMap(
  body: Record<string, unknown>,
  key: string,
): Record<string, string> | undefined {
  const o = optObject(body, key);
  if (!o) return undefined;
  for (const [k, v] of Object.entries(o))
    if (typeof v !== "string") throw badBody(`${key}.${k} must be a string`);
  return o as Record<string, string>;
}
