import { badRequest } from "./errors";
import type { Tag } from "./types";

/** Request members as the EFS model types them; a wrong type is a BadRequest, as EFS answers. */
export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest(`${key} must be a string.`);
  return v;
}

export function optInteger(
  body: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    throw badRequest(`${key} must be an integer between ${min} and ${max}.`);
  return v;
}

export function optObject(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw badRequest(`${key} must be an object.`);
  return v as Record<string, unknown>;
}

export function requireString(body: Record<string, unknown>, key: string): string {
  const v = optString(body, key);
  if (v === undefined || v === "") throw badRequest(`${key} is required.`);
  return v;
}

export function checkEnum<T extends string>(
  value: string | undefined,
  key: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw badRequest(
      `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`,
    );
  return value as T;
}

const TAG_KEY = /^(?![aA][wW][sS]:)([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$/u;
const TAG_VALUE = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

/** Tags: [{Key, Value}], keys 1–128 characters (no "aws:" prefix), values up to 256. */
export function parseTags(raw: unknown, key = "Tags"): Tag[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest(`${key} must be a list.`);
  const tags: Tag[] = [];
  for (const t of raw) {
    const o = (t ?? {}) as Record<string, unknown>;
    const k = o.Key;
    const v = o.Value;
    if (typeof k !== "string" || typeof v !== "string")
      throw badRequest("Each tag must have a Key and a Value.");
    if (k.length < 1 || k.length > 128 || !TAG_KEY.test(k))
      throw badRequest(`Tag key '${k}' is not valid.`);
    if (v.length > 256 || !TAG_VALUE.test(v)) throw badRequest(`Tag value '${v}' is not valid.`);
    tags.push({ Key: k, Value: v });
  }
  if (tags.length > 50) throw badRequest("A resource can have at most 50 tags.");
  return tags;
}

/** Merges tags by key (a later value wins), as TagResource does. */
export function mergeTags(base: Tag[], more: Tag[]): Tag[] {
  const m = new Map(base.map((t) => [t.Key, t.Value]));
  for (const t of more) m.set(t.Key, t.Value);
  return [...m].map(([Key, Value]) => ({ Key, Value }));
}
