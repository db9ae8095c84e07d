import type { JsonValue } from "./manifest";

/**
 * Matches a function's result against a blueprint's `expected.match` pattern:
 * objects match when every listed key matches (extra keys allowed), arrays element by
 * element with equal length, primitives by equality. Special one-key objects:
 * `{"$regex": "..."}` a string matching, `{"$type": "string|number|boolean|object|array|null"}`,
 * `{"$json": pattern}` a string holding JSON that matches pattern (HTTP bodies),
 * `{"$contains": pattern}` an array with at least one element matching.
 * Returns the mismatches (empty when it matches), each as `path: reason`.
 */
export function matchExpected(actual: unknown, pattern: JsonValue, path = "$"): string[] {
  if (pattern === null || typeof pattern !== "object") {
    return Object.is(actual, pattern)
      ? []
      : [`${path}: expected ${JSON.stringify(pattern)}, got ${describe(actual)}`];
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${describe(actual)}`];
    if (actual.length !== pattern.length)
      return [`${path}: expected ${pattern.length} elements, got ${actual.length}`];
    return pattern.flatMap((p, i) => matchExpected(actual[i], p, `${path}[${i}]`));
  }
  const keys = Object.keys(pattern);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only === "$regex") return matchRegex(actual, pattern.$regex, path);
  if (only === "$type")
    return typeOf(actual) === pattern.$type
      ? []
      : [`${path}: expected type ${String(pattern.$type)}, got ${typeOf(actual)}`];
  if (only === "$json") return matchJson(actual, pattern.$json ?? null, path);
  if (only === "$contains") {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${describe(actual)}`];
    const inner = pattern.$contains ?? null;
    return actual.some((a) => matchExpected(a, inner).length === 0)
      ? []
      : [`${path}: no element matches ${JSON.stringify(inner)}`];
  }
  if (typeOf(actual) !== "object") return [`${path}: expected an object, got ${describe(actual)}`];
  const obj = actual as Record<string, unknown>;
  return keys.flatMap((k) => {
    if (!(k in obj)) return [`${path}.${k}: missing`];
    return matchExpected(obj[k], pattern[k] ?? null, `${path}.${k}`);
  });
}

function matchRegex(actual: unknown, source: JsonValue | undefined, path: string): string[] {
  if (typeof source !== "string") return [`${path}: $regex needs a string pattern`];
  if (typeof actual !== "string")
    return [`${path}: expected a string matching /${source}/, got ${describe(actual)}`];
  return new RegExp(source).test(actual)
    ? []
    : [`${path}: ${JSON.stringify(actual)} does not match /${source}/`];
}

function matchJson(actual: unknown, inner: JsonValue, path: string): string[] {
  if (typeof actual !== "string")
    return [`${path}: expected a JSON string, got ${describe(actual)}`];
  let parsed: unknown;
  try {
    parsed = JSON.parse(actual);
  } catch {
    return [`${path}: not JSON: ${actual.slice(0, 80)}`];
  }
  return matchExpected(parsed, inner, `${path}<json>`);
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
