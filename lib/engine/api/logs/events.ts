import type { EngineContext } from "../../context";
import type { Router } from "../../http/router";
import { eventBytes, filterEvents, readStreamPage } from "../../logs/events";
import {
  FilterPatternError,
  MAX_FILTER_PATTERN_LENGTH,
  compileFilterPattern,
  isFilterPatternTooLong,
  type CompiledFilterPattern,
} from "../../logs/filter-pattern";
import type { LogStore } from "../../logs/store";
import {
  decodeStreamToken,
  decodeToken,
  encodeStreamToken,
  encodeToken,
  eventIdFor,
  type EventCursor,
} from "../../logs/tokens";
import {
  groupNotFound,
  invalidParameterException,
  logsJson,
  streamNotFound,
  validationError,
} from "./errors";
import { Params, checkGroupName, checkStreamName, resolveGroupName } from "./params";

/** Event operations: PutLogEvents, GetLogEvents (f/ b/ tokens), FilterLogEvents (filter patterns). */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const MAX_BATCH_BYTES = 1_048_576;

interface InputEvent {
  timestamp: number;
  message: string;
}

function readInputEvents(p: Params): InputEvent[] {
  const raw = p.body.logEvents;
  if (!Array.isArray(raw)) throw validationError(null, "logEvents", "Member must not be null");
  if (raw.length < 1 || raw.length > 10_000) {
    throw validationError("[...]", "logEvents", "Member must have length between 1 and 10000");
  }
  return raw.map((e: unknown, i) => {
    const rec = (e ?? {}) as Record<string, unknown>;
    if (typeof rec.timestamp !== "number" || !Number.isInteger(rec.timestamp)) {
      throw validationError(null, `logEvents.${i + 1}.member.timestamp`, "Member must not be null");
    }
    if (typeof rec.message !== "string" || rec.message.length < 1) {
      throw validationError(
        rec.message ?? null,
        `logEvents.${i + 1}.member.message`,
        "Member must have length greater than or equal to 1",
      );
    }
    return { timestamp: rec.timestamp, message: rec.message };
  });
}

/** `member` names the request field in the model's validation message (Live Tail's differs). */
export function compilePattern(
  pattern: string | undefined,
  member = "filterPattern",
): CompiledFilterPattern {
  if (pattern !== undefined && isFilterPatternTooLong(pattern)) {
    throw validationError(
      pattern,
      member,
      `Member must have length less than or equal to ${MAX_FILTER_PATTERN_LENGTH}`,
    );
  }
  try {
    return compileFilterPattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw invalidParameterException(err.message);
    throw err;
  }
}

export function registerEventRoutes(router: Router, ctx: EngineContext, store: LogStore): void {
  router.target("Logs_20140328.PutLogEvents", (req) => {
    const p = Params.from(req);
    const group = checkGroupName(p.requiredString("logGroupName"));
    const stream = checkStreamName(p.requiredString("logStreamName"));
    const events = readInputEvents(p);
    for (let i = 1; i < events.length; i++) {
      if ((events[i]?.timestamp ?? 0) < (events[i - 1]?.timestamp ?? 0)) {
        throw invalidParameterException(
          "Log events in a single PutLogEvents request must be in chronological order.",
        );
      }
    }
    const first = events[0]?.timestamp ?? 0;
    const last = events[events.length - 1]?.timestamp ?? 0;
    if (last - first > DAY_MS) {
      throw invalidParameterException(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
      );
    }
    const size = events.reduce((n, e) => n + eventBytes(e.message), 0);
    if (size > MAX_BATCH_BYTES)
      throw invalidParameterException(
        `Upload too large: ${size} bytes exceeds limit of ${MAX_BATCH_BYTES}`,
      );
    const groupRow = store.getGroup(group);
    if (!groupRow) throw groupNotFound();
    if (!store.getStream(group, stream)) throw streamNotFound();

    // AWS accepts the batch but skips events too far in the past or future and says which.
    const now = store.now();
    const tooOld = now - 14 * DAY_MS;
    const expired =
      groupRow.retention_days !== null ? now - groupRow.retention_days * DAY_MS : -Infinity;
    const tooNew = now + 2 * HOUR_MS;
    let tooOldEnd = -1;
    let expiredEnd = -1;
    let tooNewStart = -1;
    events.forEach((e, i) => {
      if (e.timestamp < expired) expiredEnd = i;
      else if (e.timestamp < tooOld) tooOldEnd = i;
      if (e.timestamp > tooNew && tooNewStart === -1) tooNewStart = i;
    });
    const accepted = events.filter(
      (e) => e.timestamp >= tooOld && e.timestamp >= expired && e.timestamp <= tooNew,
    );
    if (accepted.length > 0) ctx.logs.append(group, stream, accepted);
    const rejected = {
      ...(tooNewStart !== -1 ? { tooNewLogEventStartIndex: tooNewStart } : {}),
      ...(tooOldEnd !== -1 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
      ...(expiredEnd !== -1 ? { expiredLogEventEndIndex: expiredEnd } : {}),
    };
    return logsJson({
      nextSequenceToken: String(Date.now()).padStart(56, "0"),
      ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
    });
  });

  router.target("Logs_20140328.GetLogEvents", (req) => {
    const p = Params.from(req);
    const group = resolveGroupName(p, ctx) ?? "";
    const stream = checkStreamName(p.requiredString("logStreamName"));
    const startTime = p.int("startTime", 0);
    const endTime = p.int("endTime", 0);
    const limit = p.int("limit", 1, 10_000) ?? 10_000;
    const startFromHead = p.bool("startFromHead") ?? false;
    const token = p.string("nextToken");
    const decoded = token !== undefined ? decodeStreamToken(token) : undefined;
    if (token !== undefined && !decoded)
      throw invalidParameterException("The specified nextToken is invalid.");
    if (!store.getGroup(group)) throw groupNotFound();
    if (!store.getStream(group, stream)) throw streamNotFound();
    store.expireGroup(group);

    const direction = decoded
      ? decoded.direction === "f"
        ? "forward"
        : "backward"
      : startFromHead
        ? "forward"
        : "backward";
    const rows = readStreamPage(ctx.db, {
      group,
      stream,
      startTime,
      endTime,
      direction,
      cursor: decoded?.cursor,
      limit,
    });
    const firstRow = rows[0];
    const lastRow = rows[rows.length - 1];
    let forward: string;
    let backward: string;
    if (firstRow && lastRow) {
      forward = encodeStreamToken("f", { ts: lastRow.ts, id: lastRow.id });
      backward = encodeStreamToken("b", { ts: firstRow.ts, id: firstRow.id });
    } else {
      // Nothing here: hand back the caller's own position, so polling sees the same token.
      const at: EventCursor = decoded?.cursor ?? { ts: 0, id: 0 };
      forward = decoded?.direction === "f" && token ? token : encodeStreamToken("f", at);
      backward = decoded?.direction === "b" && token ? token : encodeStreamToken("b", at);
    }
    return logsJson({
      events: rows.map((r) => ({
        timestamp: r.ts,
        message: r.message,
        ingestionTime: r.ingestion_time,
      })),
      nextForwardToken: forward,
      nextBackwardToken: backward,
    });
  });

  router.target("Logs_20140328.FilterLogEvents", (req) => {
    const p = Params.from(req);
    const group = resolveGroupName(p, ctx) ?? "";
    const names = p.stringList("logStreamNames");
    const prefix = p.string("logStreamNamePrefix");
    if (names !== undefined && prefix !== undefined) {
      throw invalidParameterException(
        "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.",
      );
    }
    if (names !== undefined && (names.length < 1 || names.length > 100)) {
      throw validationError("[...]", "logStreamNames", "Member must have length between 1 and 100");
    }
    const startTime = p.int("startTime", 0);
    const endTime = p.int("endTime", 0);
    const limit = p.int("limit", 1, 10_000) ?? 10_000;
    const pattern = compilePattern(p.string("filterPattern"));
    let after: EventCursor | undefined;
    const token = p.string("nextToken");
    if (token !== undefined) {
      const d = decodeToken(token);
      if (!d || typeof d.ts !== "number" || typeof d.id !== "number")
        throw invalidParameterException("The specified nextToken is invalid.");
      after = { ts: d.ts, id: d.id };
    }
    if (!store.getGroup(group)) throw groupNotFound();
    store.expireGroup(group);

    const result = filterEvents(ctx.db, {
      group,
      streams: names,
      streamPrefix: prefix,
      startTime,
      endTime,
      after,
      pattern,
      limit,
    });
    const searched = store
      .listStreams({ group, prefix, orderBy: "LogStreamName", descending: false, limit: 10_000 })
      .filter((s) => names === undefined || names.includes(s.name))
      .map((s) => ({ logStreamName: s.name, searchedCompletely: result.next === undefined }));
    return logsJson({
      events: result.events.map((r) => ({
        logStreamName: r.stream_name,
        timestamp: r.ts,
        message: r.message,
        ingestionTime: r.ingestion_time,
        eventId: eventIdFor({ ts: r.ts, id: r.id }),
      })),
      searchedLogStreams: searched,
      ...(result.next
        ? { nextToken: encodeToken({ ts: result.next.ts, id: result.next.id }) }
        : {}),
    });
  });
}
