"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { filterLogs } from "@/lib/aws/logs";
import { getCurrentTarget } from "@/lib/targets/current-target";

const GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** FilterLogEvents over one or many log groups: the logs tab, the logs page and live tail use it. */
export const loadLogsAction = defineAction({
  permission: "logs.read",
  name: "logs.filter",
  schema: z.object({
    groups: z
      .array(z.string().regex(GROUP, "A log group name"))
      .min(1, "Choose a log group")
      .max(50, "At most 50 log groups at once"),
    pattern: z.string().max(1024).default(""),
    startTime: z.number().int().nonnegative(),
    endTime: z.number().int().nonnegative().optional(),
    streams: z.array(z.string().max(512)).max(100).optional(),
    limit: z.number().int().min(1).max(10_000).default(1000),
    nextTokens: z.record(z.string(), z.string()).optional(),
  }),
  run: async (q) => {
    const { current } = await getCurrentTarget();
    return filterLogs(current, {
      groups: q.groups,
      pattern: q.pattern,
      startTime: q.startTime,
      ...(q.endTime !== undefined ? { endTime: q.endTime } : {}),
      ...(q.streams ? { streams: q.streams } : {}),
      limit: q.limit,
      ...(q.nextTokens ? { nextTokens: q.nextTokens } : {}),
    });
  },
});
