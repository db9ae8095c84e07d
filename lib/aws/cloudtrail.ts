import "server-only";
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupAttributeKey,
} from "@aws-sdk/client-cloudtrail";
import type { Target } from "../targets/types";
import { cachedClient } from "./client-cache";

/** One API call as CloudTrail recorded it (the local engine's trail or an AWS account's). */
export interface TrailEvent {
  id: string;
  /** ISO time. */
  time: string;
  /** eventName, e.g. "CreateFunction20150331". */
  name: string;
  /** eventSource, e.g. "lambda.amazonaws.com". */
  source: string;
  /** LookupEvents' Username: "root", a user or an assumed role's session name. */
  username: string;
  /** userIdentity.arn: the user, root or assumed-role ARN. */
  principalArn: string | null;
  resources: { type: string; name: string }[];
  errorCode: string | null;
  errorMessage: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  readOnly: boolean;
}

type TrailAttribute = "Username" | "EventName" | "ResourceName" | "ReadOnly";

export interface TrailQuery {
  attribute?: { key: TrailAttribute; value: string };
  startTime?: Date;
  endTime?: Date;
  /** 1..50 */
  maxResults: number;
  nextToken?: string;
}

export interface TrailPage {
  events: TrailEvent[];
  nextToken?: string;
}

/** One CloudTrail client per target + region (+ key). */
const getCloudTrailClient = (target: Target): CloudTrailClient =>
  cachedClient("cloudtrail", target, (s) => new CloudTrailClient(s));

interface RecordShape {
  userIdentity?: { arn?: string };
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  requestID?: string;
  readOnly?: boolean;
}

function parseRecord(json: string | undefined): RecordShape {
  try {
    const v: unknown = JSON.parse(json ?? "{}");
    return v !== null && typeof v === "object" ? (v as RecordShape) : {};
  } catch {
    return {};
  }
}

/** One page of LookupEvents, newest first, reshaped for the Audit page. */
export async function lookupTrailEvents(target: Target, q: TrailQuery): Promise<TrailPage> {
  const out = await getCloudTrailClient(target).send(
    new LookupEventsCommand({
      ...(q.attribute
        ? {
            LookupAttributes: [
              {
                AttributeKey: q.attribute.key satisfies LookupAttributeKey,
                AttributeValue: q.attribute.value,
              },
            ],
          }
        : {}),
      StartTime: q.startTime,
      EndTime: q.endTime,
      MaxResults: q.maxResults,
      NextToken: q.nextToken,
    }),
  );
  const events = (out.Events ?? []).map((e): TrailEvent => {
    const r = parseRecord(e.CloudTrailEvent);
    return {
      id: e.EventId ?? "",
      time: (e.EventTime ?? new Date(0)).toISOString(),
      name: e.EventName ?? "",
      source: e.EventSource ?? "",
      username: e.Username ?? "",
      principalArn: r.userIdentity?.arn ?? null,
      resources: (e.Resources ?? []).map((x) => ({
        type: x.ResourceType ?? "",
        name: x.ResourceName ?? "",
      })),
      errorCode: r.errorCode ?? null,
      errorMessage: r.errorMessage ?? null,
      sourceIp: r.sourceIPAddress ?? null,
      userAgent: r.userAgent ?? null,
      requestId: r.requestID ?? null,
      readOnly: e.ReadOnly === "true",
    };
  });
  return { events, ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}
