/** Subscription requests of the Telemetry API (and the older Logs API), validated as Lambda does. */

export interface Buffering {
  maxItems: number;
  maxBytes: number;
  timeoutMs: number;
}

/** Lambda's limits (the Telemetry API's subscription schema). */
const LIMITS: Record<keyof Buffering, [number, number, number]> = {
  maxItems: [1000, 10_000, 10_000],
  maxBytes: [262_144, 1_048_576, 262_144],
  timeoutMs: [25, 30_000, 1000],
};
export const SCHEMA_VERSIONS = ["2022-07-01", "2022-12-13", "2025-01-29"];
/** The older Logs API (PUT /2020-08-15/logs) takes its own versions; events come as telemetry's. */
export const LOGS_API_VERSIONS = ["2020-08-15", "2021-03-18"];
/** The Telemetry API's streams an extension subscribes to. */
export type TelemetryStream = "platform" | "function" | "extension";

const STREAMS: TelemetryStream[] = ["platform", "function", "extension"];
/** Names that mean the sandbox itself, where Lambda delivers (it never sends outside it). */
const SANDBOX_HOSTS = ["sandbox.localdomain", "sandbox", "localhost", "127.0.0.1"];
/** Ports of the sandbox's own APIs (Lambda reserves 9001): never a destination. */
const RESERVED_PORTS = [9000, 9001];

export class ValidationError extends Error {}

function bufferingOf(raw: unknown): Buffering {
  const b: Buffering = { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 1000 };
  if (raw === undefined) return b;
  if (typeof raw !== "object" || raw === null)
    throw new ValidationError("buffering must be an object");
  for (const key of Object.keys(LIMITS) as (keyof Buffering)[]) {
    const v = (raw as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const [min, max] = LIMITS[key];
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new ValidationError(`buffering.${key} must be an integer`);
    if (v < min || v > max)
      throw new ValidationError(`buffering.${key} must be between ${min} and ${max}`);
    b[key] = v;
  }
  return b;
}

/** Parses a subscription request as Lambda validates it; throws ValidationError. */
export function parseSubscription(
  body: Buffer,
  versions: string[],
): {
  types: TelemetryStream[];
  port: number;
  path: string;
  buffering: Buffering;
} {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new ValidationError("Invalid JSON");
  }
  if (typeof doc !== "object" || doc === null) throw new ValidationError("Invalid JSON");
  if (typeof doc.schemaVersion !== "string" || !versions.includes(doc.schemaVersion))
    throw new ValidationError(`schemaVersion must be one of ${versions.join(", ")}`);
  const types = doc.types;
  if (!Array.isArray(types) || types.length === 0)
    throw new ValidationError("types should not be empty");
  for (const t of types)
    if (!STREAMS.includes(t as TelemetryStream))
      throw new ValidationError(`types: ${String(t)} is not one of platform, function, extension`);
  const dest = doc.destination as Record<string, unknown> | undefined;
  if (!dest || typeof dest !== "object") throw new ValidationError("destination is required");
  if (dest.protocol !== "HTTP") throw new ValidationError("destination.protocol must be HTTP");
  let url: URL;
  try {
    url = new URL(String(dest.URI ?? ""));
  } catch {
    throw new ValidationError("could not parse destination.URI");
  }
  if (url.protocol !== "http:") throw new ValidationError("destination.URI must be http");
  if (!SANDBOX_HOSTS.includes(url.hostname))
    throw new ValidationError("destination.URI host must be sandbox.localdomain");
  if (!url.port) throw new ValidationError("URI port is not provided");
  const port = Number(url.port);
  if (RESERVED_PORTS.includes(port))
    throw new ValidationError(`destination.URI port ${port} is reserved`);
  return {
    types: [...new Set(types as TelemetryStream[])],
    port,
    path: url.pathname + url.search,
    buffering: bufferingOf(doc.buffering),
  };
}
