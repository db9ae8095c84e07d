import "server-only";
import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { Target } from "../targets/types";
import { getLogsClient } from "./clients";
import { AwsFailure } from "./errors";

export interface LogStreamInfo {
  name: string;
  lastEventTime: number | null;
  firstEventTime: number | null;
}

export interface LogLine {
  id: string;
  group: string;
  stream: string;
  timestamp: number;
  message: string;
}

export interface LogQuery {
  groups: string[];
  pattern?: string;
  startTime: number;
  endTime?: number;
  streams?: string[];
  /** Per group. */
  limit: number;
  /** Per group, from a previous page. */
  nextTokens?: Record<string, string>;
}

export interface LogPage {
  events: LogLine[];
  /** Groups with more events to fetch; absent when everything in range was read. */
  nextTokens?: Record<string, string>;
  /** Groups that do not exist (a function never invoked has no group yet). */
  missingGroups: string[];
}

const isMissing = (err: unknown) =>
  err instanceof AwsFailure && err.code === "ResourceNotFoundException";

/** The most recent streams of a group; [] when the group does not exist yet. */
export async function listLogStreams(
  target: Target,
  group: string,
  limit = 50,
): Promise<LogStreamInfo[]> {
  try {
    const out = await getLogsClient(target).send(
      new DescribeLogStreamsCommand({
        logGroupName: group,
        orderBy: "LastEventTime",
        descending: true,
        limit,
      }),
    );
    return (out.logStreams ?? []).map((s) => ({
      name: s.logStreamName ?? "",
      lastEventTime: s.lastEventTimestamp ?? null,
      firstEventTime: s.firstEventTimestamp ?? null,
    }));
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

/** Log groups by name prefix (for the logs page's group picker). */
export async function listLogGroups(target: Target, prefix?: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await getLogsClient(target).send(
      new DescribeLogGroupsCommand({
        ...(prefix ? { logGroupNamePrefix: prefix } : {}),
        ...(token ? { nextToken: token } : {}),
        limit: 50,
      }),
    );
    for (const g of page.logGroups ?? []) if (g.logGroupName) out.push(g.logGroupName);
    token = page.nextToken;
  } while (token && out.length < 1000);
  return out;
}

/** FilterLogEvents over one or many groups (in parallel), merged by time. */
export async function filterLogs(target: Target, q: LogQuery): Promise<LogPage> {
  const client = getLogsClient(target);
  const missing: string[] = [];
  const next: Record<string, string> = {};
  const groups = q.nextTokens ? q.groups.filter((g) => q.nextTokens?.[g]) : q.groups;
  const pages = await Promise.all(
    groups.map(async (group) => {
      try {
        const out = await client.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            startTime: q.startTime,
            ...(q.endTime !== undefined ? { endTime: q.endTime } : {}),
            ...(q.pattern ? { filterPattern: q.pattern } : {}),
            ...(q.streams?.length ? { logStreamNames: q.streams } : {}),
            limit: q.limit,
            ...(q.nextTokens?.[group] ? { nextToken: q.nextTokens[group] } : {}),
          }),
        );
        if (out.nextToken) next[group] = out.nextToken;
        return (out.events ?? []).map((e): LogLine => ({
          id: `${group}|${e.eventId ?? `${e.logStreamName}-${e.timestamp}`}`,
          group,
          stream: e.logStreamName ?? "",
          timestamp: e.timestamp ?? 0,
          message: e.message ?? "",
        }));
      } catch (err) {
        if (isMissing(err)) {
          missing.push(group);
          return [];
        }
        throw err;
      }
    }),
  );
  const events = pages.flat().sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));
  return {
    events,
    ...(Object.keys(next).length ? { nextTokens: next } : {}),
    missingGroups: missing,
  };
}
