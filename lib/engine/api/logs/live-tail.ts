import crypto from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { EngineContext } from "../../context";
import type { Router } from "../../http/router";
import { encodeJsonEvent, encodeJsonException } from "../../logs/event-stream";
import type { LogStore } from "../../logs/store";
import { startTimeBudget } from "../../logs/time-budget";
import { groupNotFound, invalidParameterException, validationError } from "./errors";
import { compilePattern } from "./events";
import { Params, groupArn, groupNameFromIdentifier } from "./params";

/**
 * StartLiveTail: an event stream of sessionStart, then a sessionUpdate every second with the
 * events ingested since the last one (at most 500; `sampled` when there were more). Each poll
 * matches for at most MATCH_BUDGET_MS and the next one resumes after the last event it examined.
 */

export interface LiveTailOptions {
  updateIntervalMs?: number;
  /** AWS ends a session after 3 hours with SessionTimeoutException. */
  maxSessionMs?: number;
}

const MAX_RESULTS_PER_UPDATE = 500;
const POLL_ROWS = 5000;

interface TailRow {
  id: number;
  group_name: string;
  stream_name: string;
  ts: number;
  ingestion_time: number;
  message: string;
}

/** Registers StartLiveTail; returns a disposer that ends every open session. */
export function registerLiveTailRoute(
  router: Router,
  ctx: EngineContext,
  store: LogStore,
  options: LiveTailOptions = {},
): () => void {
  const interval = options.updateIntervalMs ?? 1000;
  const maxSession = options.maxSessionMs ?? 3 * 60 * 60 * 1000;
  const sessions = new Set<AbortController>();

  router.target("Logs_20140328.StartLiveTail", (req) => {
    const p = Params.from(req);
    const idents = p.stringList("logGroupIdentifiers");
    if (idents === undefined)
      throw validationError(null, "logGroupIdentifiers", "Member must not be null");
    if (idents.length < 1 || idents.length > 10) {
      throw validationError(
        "[...]",
        "logGroupIdentifiers",
        "Member must have length between 1 and 10",
      );
    }
    const names = p.stringList("logStreamNames");
    const prefixes = p.stringList("logStreamNamePrefixes");
    if (names !== undefined && prefixes !== undefined) {
      throw invalidParameterException(
        "logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.",
      );
    }
    if ((names !== undefined || prefixes !== undefined) && idents.length !== 1) {
      throw invalidParameterException(
        "Log stream filters can only be used with a single log group.",
      );
    }
    const patternText = p.string("logEventFilterPattern");
    const pattern = compilePattern(patternText, "logEventFilterPattern");
    const groups = idents.map((i) => groupNameFromIdentifier(ctx, i, "logGroupIdentifiers"));
    for (const g of groups) if (!store.getGroup(g)) throw groupNotFound();

    const wanted = (stream: string) =>
      (names === undefined || names.includes(stream)) &&
      (prefixes === undefined || prefixes.some((pre) => stream.startsWith(pre)));
    const poll = ctx.db.prepare<(string | number)[], TailRow>(
      `SELECT id, group_name, stream_name, ts, ingestion_time, message FROM log_events
        WHERE id > ? AND group_name IN (${groups.map(() => "?").join(", ")}) ORDER BY id LIMIT ?`,
    );
    const maxId = ctx.db.prepare<[], { id: number | null }>("SELECT MAX(id) AS id FROM log_events");

    return {
      status: 200,
      headers: { "content-type": "application/vnd.amazon.eventstream" },
      stream: async (write, closed) => {
        const session = new AbortController();
        sessions.add(session);
        const signal = AbortSignal.any([closed, session.signal]);
        try {
          write(
            encodeJsonEvent("sessionStart", {
              requestId: crypto.randomUUID(),
              sessionId: crypto.randomUUID(),
              logGroupIdentifiers: groups.map((g) => groupArn(ctx, g)),
              ...(names ? { logStreamNames: names } : {}),
              ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}),
              ...(patternText !== undefined ? { logEventFilterPattern: patternText } : {}),
            }),
          );
          let lastId = maxId.get()?.id ?? 0;
          const started = Date.now();
          while (!signal.aborted) {
            await sleep(interval, undefined, { signal }).catch(() => undefined);
            if (signal.aborted) break;
            if (Date.now() - started >= maxSession) {
              write(
                encodeJsonException("SessionTimeoutException", "Session timed out after 3 hours."),
              );
              break;
            }
            const budget = startTimeBudget();
            const matched: TailRow[] = [];
            for (const r of poll.iterate(lastId, ...groups, POLL_ROWS)) {
              lastId = r.id;
              if (wanted(r.stream_name) && pattern.match(r.message)) matched.push(r);
              // The rest waits for the next poll: a slow pattern delays this session, not the engine.
              if (budget.spent()) break;
            }
            write(
              encodeJsonEvent("sessionUpdate", {
                sessionMetadata: { sampled: matched.length > MAX_RESULTS_PER_UPDATE },
                sessionResults: matched
                  .slice(-MAX_RESULTS_PER_UPDATE)
                  .sort((a, b) => a.ts - b.ts || a.id - b.id)
                  .map((r) => ({
                    logStreamName: r.stream_name,
                    logGroupIdentifier: groupArn(ctx, r.group_name),
                    message: r.message,
                    timestamp: r.ts,
                    ingestionTime: r.ingestion_time,
                  })),
              }),
            );
          }
        } finally {
          sessions.delete(session);
        }
      },
    };
  });

  return () => {
    for (const s of sessions) s.abort();
    sessions.clear();
  };
}
