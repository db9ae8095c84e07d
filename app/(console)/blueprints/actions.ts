"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { AwsFailure } from "@/lib/aws/errors";
import { createZipFunction } from "@/lib/aws/create-function";
import { invokeWith } from "@/lib/aws/invoke";
import { blueprintZip, capabilitiesForTarget, getBlueprint, supportedBy } from "@/lib/blueprints";
import { blueprintLayers } from "@/lib/blueprints/layers";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { getTestEventStore } from "@/lib/test-events";
import { BLUEPRINT_TEST_EVENT_NAME } from "@/components/blueprints/constants";
import { PLAIN_FUNCTION_NAME_RE } from "@/lib/lambda-rules/function-fields";

const FUNCTION_NAME = PLAIN_FUNCTION_NAME_RE;

const jsonText = z.string().refine((s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}, "Must be valid JSON");

/** "KEY=value" per line; blank lines ignored. */
const environmentText = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const vars: Record<string, string> = {};
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const eq = line.indexOf("=");
      const key = eq > 0 ? line.slice(0, eq).trim() : "";
      if (!/^[a-zA-Z]\w+$/.test(key)) {
        ctx.addIssue({ code: "custom", message: `Line ${i + 1}: expected KEY=value` });
        continue;
      }
      vars[key] = line.slice(eq + 1);
    }
    return vars;
  });

const createSchema = z.object({
  blueprintId: z.string().refine((id) => getBlueprint(id) !== undefined, "Unknown blueprint"),
  functionName: z
    .string()
    .trim()
    .regex(FUNCTION_NAME, "1-64 letters, digits, hyphens or underscores"),
  runtime: z.string().min(1),
  handler: z.string().regex(/^[^\s]{1,128}$/, "No spaces, at most 128 characters"),
  memorySize: z.coerce.number().int().min(128, "At least 128 MB").max(10240, "At most 10240 MB"),
  timeout: z.coerce.number().int().min(1, "At least 1 s").max(900, "At most 900 s"),
  role: z
    .string()
    .trim()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/,
      "An IAM role ARN (arn:aws:iam::<account>:role/<name>)",
    ),
  description: z.string().max(256).default(""),
  environment: environmentText,
  testEvent: jsonText,
});

/** Creates a function from a blueprint's code and the (edited) presets, and saves its sample event. */
export const createFunctionFromBlueprint = defineAction({
  permission: "functions.write",
  schema: createSchema,
  run: async (input) => {
    const { current } = await getCurrentTarget();
    const blueprint = getBlueprint(input.blueprintId);
    if (!blueprint) throw new AwsFailure("NotFound", "Unknown blueprint", "UnknownBlueprint");
    const support = supportedBy(
      { ...blueprint, runtime: input.runtime },
      capabilitiesForTarget(current.kind),
    );
    if (!support.supported) {
      const needs = support.missing.map((m) => m.description).join("; ");
      throw new AwsFailure(
        "Invalid",
        `${current.label} cannot run this blueprint: it needs ${needs}.`,
        "BlueprintUnsupported",
      );
    }
    await createZipFunction(current, {
      name: input.functionName,
      runtime: input.runtime,
      handler: input.handler,
      role: input.role,
      description: input.description,
      memoryMb: input.memorySize,
      timeoutSeconds: input.timeout,
      environment: input.environment,
      tags: { "lambda-console:blueprint": blueprint.id },
      zip: blueprintZip(blueprint.id),
      layers: await blueprintLayers(current, blueprint.id),
    });
    getTestEventStore().save({
      targetId: current.id,
      functionName: input.functionName,
      name: BLUEPRINT_TEST_EVENT_NAME,
      json: JSON.stringify(JSON.parse(input.testEvent), null, 2),
      source: `blueprint:${blueprint.id}`,
    });
    redirect(
      `/blueprints/${encodeURIComponent(blueprint.id)}/created?function=${encodeURIComponent(input.functionName)}`,
    );
  },
  revalidate: ["/functions", "/"],
});

const invokeSchema = z.object({
  functionName: z.string().regex(FUNCTION_NAME, "Invalid function name"),
  eventName: z.string().regex(/^[A-Za-z0-9_-]{1,25}$/, "1-25 letters, digits, - or _"),
  event: jsonText,
});

/** Saves the edited test event (as the Test tab does), then invokes the function with it. */
export const invokeWithTestEvent = defineAction({
  permission: "functions.invoke",
  schema: invokeSchema,
  run: async ({ functionName, eventName, event }) => {
    const { current } = await getCurrentTarget();
    const store = getTestEventStore();
    const previous = store.get(current.id, functionName, eventName);
    store.save({
      targetId: current.id,
      functionName,
      name: eventName,
      json: event,
      source: previous?.source ?? null,
    });
    return invokeWith(current, functionName, event, { invocationType: "RequestResponse" });
  },
});
