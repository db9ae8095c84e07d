import "server-only";
import { DescribeLogStreamsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { Target } from "../targets/types";
import { getLogsClient } from "./clients";
import { AwsFailure } from "./errors";
import {
  isInitStart,
  parseExtensionLine,
  parseTelemetryLine,
  type RegisteredExtension,
  type TelemetrySubscription,
} from "./extension-lines";

export interface LastInitExtensions {
  /** When that init started (its INIT_START line). */
  at: number;
  stream: string;
  extensions: RegisteredExtension[];
  telemetry: TelemetrySubscription[];
}

const PATTERN =
  '?"INIT_START" ?"EXTENSION" ?"TELEMETRY" ?"platform.initStart" ?"platform.extension" ?"platform.telemetrySubscription"';

/**
 * The extensions registered at the function's last init, read from its log group through the
 * CloudWatch Logs API (Lambda writes one EXTENSION line per extension at each init): the newest
 * streams' INIT_START and the lines that follow it. Null when no init is on record.
 */
export async function getLastInitExtensions(
  target: Target,
  group: string,
): Promise<LastInitExtensions | null> {
  const client = getLogsClient(target);
  try {
    const streams = await client.send(
      new DescribeLogStreamsCommand({
        logGroupName: group,
        orderBy: "LastEventTime",
        descending: true,
        limit: 5,
      }),
    );
    const names = (streams.logStreams ?? []).flatMap((s) => s.logStreamName ?? []);
    if (names.length === 0) return null;
    const out = await client.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        logStreamNames: names,
        filterPattern: PATTERN,
        limit: 1000,
      }),
    );
    const events = [...(out.events ?? [])].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    let last: LastInitExtensions | null = null;
    for (const e of events) {
      const message = e.message ?? "";
      if (isInitStart(message)) {
        last = {
          at: e.timestamp ?? 0,
          stream: e.logStreamName ?? "",
          extensions: [],
          telemetry: [],
        };
        continue;
      }
      if (!last || e.logStreamName !== last.stream) continue;
      const ext = parseExtensionLine(message);
      if (ext) last.extensions.push(ext);
      const sub = parseTelemetryLine(message);
      if (sub) last.telemetry.push(sub);
    }
    return last;
  } catch (err) {
    if (err instanceof AwsFailure && err.code === "ResourceNotFoundException") return null;
    throw err;
  }
}
