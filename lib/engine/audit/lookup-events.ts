import crypto from "node:crypto";
import type { Router } from "../http/router";
import type { EngineRequest, EngineResponse } from "../http/types";
import { AwsError } from "../errors/aws-error";
import type { LookupKey } from "./store";
import type { AuditTrail } from "./trail";

/** X-Amz-Target as the JS SDK v3 and as botocore (the AWS CLI) send it. */
const LOOKUP_EVENTS_TARGETS = [
  "CloudTrail_20131101.LookupEvents",
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
];

const AWS_JSON_11 = "application/x-amz-json-1.1";
const MAX_RESULTS = 50;
const LOOKUP_KEYS: readonly LookupKey[] = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
];

/** A CloudTrail error as awsJson1.1 sends it (`__type`, `message`, x-amzn-ErrorType). */
class CloudTrailError extends AwsError {
  override readonly protocol = "awsJson1.1";

  constructor(type: string, message: string) {
    super(400, type, message, "message");
  }
}

const invalidAttributes = (message: string) =>
  new CloudTrailError("InvalidLookupAttributesException", message);

function parseBody(req: EngineRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(req.body.toString("utf8"));
    if (v !== null && typeof v === "object" && !Array.isArray(v))
      return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new CloudTrailError("SerializationException", "Could not parse request body into json");
}

/** awsJson timestamps are epoch seconds; the CLI and older SDKs may send ISO strings. */
function timeOf(body: Record<string, unknown>, member: string): number | undefined {
  const v = body[member];
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === "number" ? v * 1000 : typeof v === "string" ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new CloudTrailError("SerializationException", `Invalid timestamp at '${member}'`);
  return ms;
}

function attributeOf(body: Record<string, unknown>): { key: LookupKey; value: string } | undefined {
  const list = body.LookupAttributes;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw invalidAttributes("LookupAttributes must be a list.");
  if (list.length === 0) return undefined;
  if (list.length > 1)
    throw invalidAttributes("You cannot specify more than one lookup attribute.");
  const a = list[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | null;
  const key = LOOKUP_KEYS.find((k) => k === a?.AttributeKey);
  if (!key)
    throw invalidAttributes(
      `Invalid attribute key: ${String(a?.AttributeKey)}. Valid keys are ${LOOKUP_KEYS.join(", ")}.`,
    );
  const value = a?.AttributeValue;
  if (typeof value !== "string" || value.length < 1 || value.length > 2000)
    throw invalidAttributes("The attribute value must be between 1 and 2000 characters long.");
  if (key === "ReadOnly" && value !== "true" && value !== "false")
    throw invalidAttributes("The ReadOnly attribute value must be true or false.");
  return { key, value };
}

/** Tokens carry the last row and a digest of the query they continue. */
function digest(body: Record<string, unknown>): string {
  const { LookupAttributes, StartTime, EndTime, EventCategory } = body;
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([LookupAttributes, StartTime, EndTime, EventCategory]))
    .digest("base64url")
    .slice(0, 16);
}

function rowOfToken(token: unknown, body: Record<string, unknown>): number | undefined {
  if (token === undefined || token === null) return undefined;
  const invalid = new CloudTrailError("InvalidNextTokenException", "Invalid NextToken.");
  if (typeof token !== "string") throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  const p = parsed as { r?: unknown; q?: unknown } | null;
  if (typeof p?.r !== "number" || !Number.isInteger(p.r) || p.q !== digest(body)) throw invalid;
  return p.r;
}

/** LookupEvents over the engine's audit trail: one attribute, a time range, pages of ≤ 50. */
function lookupEvents(trail: AuditTrail, req: EngineRequest): EngineResponse {
  const body = parseBody(req);
  const attribute = attributeOf(body);
  const start = timeOf(body, "StartTime");
  const end = timeOf(body, "EndTime");
  if (start !== undefined && end !== undefined && start > end)
    throw new CloudTrailError("InvalidTimeRangeException", "Start time must be before end time.");
  const max = body.MaxResults ?? MAX_RESULTS;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
    throw new CloudTrailError(
      "InvalidMaxResultsException",
      `MaxResults must be between 1 and ${MAX_RESULTS}.`,
    );
  const category = body.EventCategory;
  if (category !== undefined && category !== null && category !== "insight")
    throw new CloudTrailError("InvalidEventCategoryException", "Invalid EventCategory.");
  const beforeRow = rowOfToken(body.NextToken, body);
  // The engine records no Insights events.
  if (category === "insight") return answer({ Events: [] });
  trail.flush();
  const rows = trail.store.lookup({
    attribute,
    startMs: Math.max(start ?? 0, trail.cutoff()),
    endMs: end ?? trail.now(),
    beforeRow,
    limit: max + 1,
  });
  const page = rows.slice(0, max);
  const last = page.at(-1);
  const more = rows.length > max && last;
  return answer({
    Events: page.map((e) => ({
      EventId: e.eventId,
      EventName: e.eventName,
      ReadOnly: "false",
      AccessKeyId: e.accessKeyId,
      EventTime: e.eventTime / 1000,
      EventSource: e.eventSource,
      Username: e.username,
      Resources: e.resources,
      CloudTrailEvent: e.record,
    })),
    ...(more
      ? {
          NextToken: Buffer.from(JSON.stringify({ r: last.row, q: digest(body) })).toString(
            "base64url",
          ),
        }
      : {}),
  });
}

function answer(value: unknown): EngineResponse {
  return { status: 200, headers: { "content-type": AWS_JSON_11 }, body: JSON.stringify(value) };
}

export function registerLookupEventsRoute(router: Router, trail: AuditTrail): void {
  for (const target of LOOKUP_EVENTS_TARGETS)
    router.target(target, (req) => lookupEvents(trail, req));
}
