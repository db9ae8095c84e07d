"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { putLoggingConfig, putTracingMode } from "@/lib/aws/monitoring-tools";
import { getCurrentTarget } from "@/lib/targets/current-target";

const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
// Only shapes are checked here; the service validates values and its message reaches the form.
const word = z.string().trim().max(32);

export const saveLoggingConfig = defineAction({
  permission: "functions.write",
  name: "functions.logging-config",
  schema: z.object({
    functionName,
    logFormat: word.min(1, "Choose a log format"),
    applicationLogLevel: word,
    systemLogLevel: word,
    logGroup: z.string().trim().max(512, "At most 512 characters"),
  }),
  run: async ({ functionName, ...settings }) => {
    const { current } = await getCurrentTarget();
    return { functionName, ...(await putLoggingConfig(current, functionName, settings)) };
  },
  revalidate: (input) => [
    `/functions/${encodeURIComponent(input.functionName)}/monitoring`,
    `/functions/${encodeURIComponent(input.functionName)}`,
  ],
});

export const saveTracing = defineAction({
  permission: "functions.write",
  name: "functions.tracing",
  schema: z.object({ functionName, mode: z.enum(["Active", "PassThrough"]) }),
  run: async ({ functionName, mode }) => {
    const { current } = await getCurrentTarget();
    return { functionName, mode: await putTracingMode(current, functionName, mode) };
  },
  revalidate: (input) => [`/functions/${encodeURIComponent(input.functionName)}/monitoring`],
});
