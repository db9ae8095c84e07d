import type { EngineContext } from "../../context";
import type { Router } from "../../http/router";
import type { LogGroupRow, LogStore } from "../../logs/store";
import { RETENTION_DAYS } from "../../logs/retention";
import { decodeToken, encodeToken } from "../../logs/tokens";
import {
  alreadyExists,
  groupNotFound,
  invalidParameterException,
  logsJson,
  validationError,
} from "./errors";
import { Params, checkGroupName, groupArn, groupNameFromIdentifier } from "./params";

/** Log group operations: Create / Delete / Describe, and retention policies. */

function shapeGroup(
  ctx: EngineContext,
  store: LogStore,
  row: LogGroupRow,
): Record<string, unknown> {
  const arn = groupArn(ctx, row.name);
  // Retention applies on read too, so storedBytes never counts expired events.
  store.expireGroup(row.name);
  return {
    logGroupName: row.name,
    creationTime: row.created_at,
    ...(row.retention_days !== null ? { retentionInDays: row.retention_days } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: store.storedBytes(row.name),
    logGroupClass: "STANDARD",
    logGroupArn: arn,
  };
}

function requireGroup(store: LogStore, name: string): LogGroupRow {
  const row = store.getGroup(name);
  if (!row) throw groupNotFound();
  return row;
}

const LOG_GROUP_CLASSES = ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"];

export function registerGroupRoutes(router: Router, ctx: EngineContext, store: LogStore): void {
  router.target("Logs_20140328.CreateLogGroup", (req) => {
    const p = Params.from(req);
    const name = checkGroupName(p.requiredString("logGroupName"));
    const cls = p.string("logGroupClass");
    if (cls !== undefined && !LOG_GROUP_CLASSES.includes(cls)) {
      throw validationError(
        cls,
        "logGroupClass",
        `Member must satisfy enum value set: [${LOG_GROUP_CLASSES.join(", ")}]`,
      );
    }
    if (!store.createGroup(name)) throw alreadyExists("log group");
    return logsJson({});
  });

  router.target("Logs_20140328.DeleteLogGroup", (req) => {
    const name = checkGroupName(Params.from(req).requiredString("logGroupName"));
    if (!store.deleteGroup(name)) throw groupNotFound();
    return logsJson({});
  });

  router.target("Logs_20140328.DescribeLogGroups", (req) => {
    const p = Params.from(req);
    const prefix = p.string("logGroupNamePrefix");
    const pattern = p.string("logGroupNamePattern");
    if (prefix !== undefined && pattern !== undefined) {
      throw invalidParameterException(
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
      );
    }
    if (prefix !== undefined) checkGroupName(prefix, "logGroupNamePrefix");
    if (pattern !== undefined && !/^[.\-_/#A-Za-z0-9]*$/.test(pattern)) {
      throw validationError(
        pattern,
        "logGroupNamePattern",
        "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*",
      );
    }
    const limit = p.int("limit", 1, 50) ?? 50;
    const token = p.string("nextToken");
    let after: string | undefined;
    if (token !== undefined) {
      const decoded = decodeToken(token);
      if (!decoded || typeof decoded.after !== "string")
        throw invalidParameterException("The specified nextToken is invalid.");
      after = decoded.after;
    }
    const cls = p.string("logGroupClass");
    if (cls !== undefined && cls !== "STANDARD") return logsJson({ logGroups: [] });
    const idents = p.stringList("logGroupIdentifiers");
    if (idents !== undefined && (prefix !== undefined || pattern !== undefined)) {
      throw invalidParameterException(
        "logGroupIdentifiers cannot be combined with a log group name prefix or pattern.",
      );
    }
    const names = idents?.map((i) => groupNameFromIdentifier(ctx, i, "logGroupIdentifiers"));
    const rows = store.listGroups({ prefix, pattern, names, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return logsJson({
      logGroups: page.map((r) => shapeGroup(ctx, store, r)),
      ...(rows.length > limit && last ? { nextToken: encodeToken({ after: last.name }) } : {}),
    });
  });

  router.target("Logs_20140328.PutRetentionPolicy", (req) => {
    const p = Params.from(req);
    const name = checkGroupName(p.requiredString("logGroupName"));
    const days = p.int("retentionInDays");
    if (days === undefined)
      throw validationError(null, "retentionInDays", "Member must not be null");
    if (!RETENTION_DAYS.includes(days)) {
      throw validationError(
        days,
        "retentionInDays",
        `Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
      );
    }
    requireGroup(store, name);
    store.setRetention(name, days);
    return logsJson({});
  });

  router.target("Logs_20140328.DeleteRetentionPolicy", (req) => {
    const name = checkGroupName(Params.from(req).requiredString("logGroupName"));
    requireGroup(store, name);
    store.setRetention(name, null);
    return logsJson({});
  });
}
