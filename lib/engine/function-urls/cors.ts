import { constraintError } from "../functions/arn";
import { invalidParameter } from "../errors/aws-error";

export interface Cors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

const LISTS = [
  ["AllowHeaders", "cors.allowHeaders", 100, 1024],
  ["AllowMethods", "cors.allowMethods", 6, 6],
  ["AllowOrigins", "cors.allowOrigins", 100, 253],
  ["ExposeHeaders", "cors.exposeHeaders", 100, 1024],
] as const;

/** Validates a Cors object as the model constrains it; undefined/null means no CORS. */
export function validateCors(raw: unknown): Cors | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object" || Array.isArray(raw))
    throw invalidParameter("Cors must be an object.");
  const c = raw as Record<string, unknown>;
  const out: Cors = {};
  if (c.AllowCredentials !== undefined) {
    if (typeof c.AllowCredentials !== "boolean")
      throw invalidParameter("AllowCredentials must be a boolean.");
    out.AllowCredentials = c.AllowCredentials;
  }
  for (const [key, field, maxItems, maxLen] of LISTS) {
    const v = c[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
      throw invalidParameter(`${key} must be a list of strings.`);
    const list = v as string[];
    if (list.length > maxItems)
      throw constraintError(
        list,
        field,
        `Member must have length less than or equal to ${maxItems}`,
      );
    for (const item of list) {
      if (item.length > maxLen)
        throw constraintError(
          list,
          field,
          `Member must satisfy constraint: [Member must have length less than or equal to ${maxLen}]`,
        );
      if (key === "AllowOrigins" && item.length < 1)
        throw constraintError(
          list,
          field,
          "Member must satisfy constraint: [Member must have length greater than or equal to 1]",
        );
    }
    out[key] = list;
  }
  if (c.MaxAge !== undefined && c.MaxAge !== null) {
    const m = c.MaxAge;
    if (typeof m !== "number" || !Number.isInteger(m))
      throw invalidParameter("MaxAge must be an integer.");
    if (m < 0)
      throw constraintError(m, "cors.maxAge", "Member must have value greater than or equal to 0");
    if (m > 86400)
      throw constraintError(m, "cors.maxAge", "Member must have value less than or equal to 86400");
    out.MaxAge = m;
  }
  return out;
}

const lower = (list: string[] | undefined) => (list ?? []).map((s) => s.toLowerCase());

/** The Access-Control-Allow-Origin value for a request's Origin, or undefined when refused. */
function allowedOrigin(cors: Cors, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes("*")) return cors.AllowCredentials ? origin : "*";
  return origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/**
 * A preflight (OPTIONS with Origin and Access-Control-Request-Method) on a URL with CORS: Lambda
 * answers it itself, without invoking the function. Headers only for an allowed origin/method.
 */
export function preflightHeaders(
  cors: Cors,
  origin: string | undefined,
  method: string,
  requestHeaders: string | undefined,
): Record<string, string> {
  const allow = allowedOrigin(cors, origin);
  if (!allow) return {};
  const methods = (cors.AllowMethods ?? []).map((m) => m.toUpperCase());
  if (!methods.includes("*") && !methods.includes(method.toUpperCase())) return {};
  const h: Record<string, string> = {
    "access-control-allow-origin": allow,
    "access-control-allow-methods": methods.includes("*")
      ? method.toUpperCase()
      : methods.join(","),
    vary: "Origin",
  };
  const allowedHeaders = lower(cors.AllowHeaders);
  const asked = (requestHeaders ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (asked.length > 0) {
    const ok = allowedHeaders.includes("*")
      ? asked
      : asked.filter((a) => allowedHeaders.includes(a));
    if (ok.length > 0) h["access-control-allow-headers"] = ok.join(",");
  }
  if (cors.AllowCredentials) h["access-control-allow-credentials"] = "true";
  if (cors.MaxAge !== undefined) h["access-control-max-age"] = String(cors.MaxAge);
  return h;
}

/** The CORS headers Lambda sets on an actual response; they replace any the function set. */
export function responseCorsHeaders(
  cors: Cors,
  origin: string | undefined,
): Record<string, string> {
  const allow = allowedOrigin(cors, origin);
  if (!allow) return {};
  const h: Record<string, string> = { "access-control-allow-origin": allow, vary: "Origin" };
  if (cors.ExposeHeaders && cors.ExposeHeaders.length > 0)
    h["access-control-expose-headers"] = cors.ExposeHeaders.join(",");
  if (cors.AllowCredentials) h["access-control-allow-credentials"] = "true";
  return h;
}
