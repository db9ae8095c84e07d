import type { EngineContext } from "../../context";
import type { Router } from "../../http/router";
import type { LogStore, LogStreamRow } from "../../logs/store";
import { decodeToken, encodeToken } from "../../logs/tokens";
import {
  alreadyExists,
  groupNotFound,
  invalidParameterException,
  logsJson,
  streamNotFound,
  validationError,
} from "./errors";
import { Params, checkGroupName, checkStreamName, groupArn, resolveGroupName } from "./params";

/** Log stream operations: Create / Delete / Describe. */

function shapeStream(ctx: EngineContext, row: LogStreamRow): Record<string, unknown> {
  return {
    logStreamName: row.name,
    creationTime: row.created_at,
    ...(row.first_event_ts !== null ? { firstEventTimestamp: row.first_event_ts } : {}),
    ...(row.last_event_ts !== null ? { lastEventTimestamp: row.last_event_ts } : {}),
    ...(row.last_ingestion !== null ? { lastIngestionTime: row.last_ingestion } : {}),
    arn: `${groupArn(ctx, row.group_name)}:log-stream:${row.name}`,
    storedBytes: 0,
  };
}

const ORDER_BY = ["LogStreamName", "LastEventTime"] as const;
type OrderBy = (typeof ORDER_BY)[number];

function isOrderBy(v: string): v is OrderBy {
  return (ORDER_BY as readonly string[]).includes(v);
}

export function registerStreamRoutes(router: Router, ctx: EngineContext, store: LogStore): void {
  router.target("Logs_20140328.CreateLogStream", (req) => {
    const p = Params.from(req);
    const group = checkGroupName(p.requiredString("logGroupName"));
    const stream = checkStreamName(p.requiredString("logStreamName"));
    if (!store.getGroup(group)) throw groupNotFound();
    if (!store.createStream(group, stream)) throw alreadyExists("log stream");
    return logsJson({});
  });

  router.target("Logs_20140328.DeleteLogStream", (req) => {
    const p = Params.from(req);
    const group = checkGroupName(p.requiredString("logGroupName"));
    const stream = checkStreamName(p.requiredString("logStreamName"));
    if (!store.getGroup(group)) throw groupNotFound();
    if (!store.deleteStream(group, stream)) throw streamNotFound();
    return logsJson({});
  });

  router.target("Logs_20140328.DescribeLogStreams", (req) => {
    const p = Params.from(req);
    const group = resolveGroupName(p, ctx) ?? "";
    const prefix = p.string("logStreamNamePrefix");
    if (prefix !== undefined) checkStreamName(prefix, "logStreamNamePrefix");
    const orderByRaw = p.string("orderBy") ?? "LogStreamName";
    if (!isOrderBy(orderByRaw)) {
      throw validationError(
        orderByRaw,
        "orderBy",
        "Member must satisfy enum value set: [LogStreamName, LastEventTime]",
      );
    }
    const orderBy: OrderBy = orderByRaw;
    if (orderBy === "LastEventTime" && prefix !== undefined) {
      throw invalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    const descending = p.bool("descending") ?? false;
    const limit = p.int("limit", 1, 50) ?? 50;
    if (!store.getGroup(group)) throw groupNotFound();
    store.expireGroup(group);
    let after: { key: number | string; name: string } | undefined;
    const token = p.string("nextToken");
    if (token !== undefined) {
      const d = decodeToken(token);
      if (
        !d ||
        typeof d.name !== "string" ||
        (typeof d.key !== "string" && typeof d.key !== "number") ||
        d.o !== orderBy + (descending ? "-" : "+")
      ) {
        throw invalidParameterException("The specified nextToken is invalid.");
      }
      after = { key: d.key, name: d.name };
    }
    const rows = store.listStreams({ group, prefix, orderBy, descending, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next =
      rows.length > limit && last
        ? encodeToken({
            o: orderBy + (descending ? "-" : "+"),
            key: orderBy === "LastEventTime" ? (last.last_event_ts ?? 0) : last.name,
            name: last.name,
          })
        : undefined;
    return logsJson({
      logStreams: page.map((r) => shapeStream(ctx, r)),
      ...(next ? { nextToken: next } : {}),
    });
  });
}
