"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { deleteFunctions, publishVersions, tagFunctions } from "@/lib/aws/function-list";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const names = z
  .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/))
  .min(1, "Select functions")
  .max(5000);

export const bulkDeleteFunctions = defineAction({
  permission: "functions.write",
  name: "functions.bulk-delete",
  confirmOnProduction: ({ names }) => names,
  resource: (input) => (Array.isArray(input.names) ? input.names.join(",") : undefined),
  schema: z.object({ names }),
  run: async ({ names }) => deleteFunctions(await target(), names),
  // The list reloads itself (keeping the outcome on screen); the dashboard's counts change.
  revalidate: ["/"],
});

export const bulkPublishVersions = defineAction({
  permission: "functions.write",
  name: "functions.bulk-publish",
  resource: (input) => (Array.isArray(input.names) ? input.names.join(",") : undefined),
  schema: z.object({ names, description: z.string().max(256).default("") }),
  run: async ({ names, description }) => publishVersions(await target(), names, description),
});

const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

export const bulkTagFunctions = defineAction({
  permission: "functions.write",
  name: "functions.bulk-tag",
  resource: (input) =>
    Array.isArray(input.functions) ? `${input.functions.length} functions` : undefined,
  schema: z.object({
    functions: z
      .array(z.object({ name: z.string().min(1), arn: z.string().startsWith("arn:") }))
      .min(1, "Select functions")
      .max(5000),
    key: z.string().trim().regex(TAG_KEY, "1-128 characters; not starting with aws:"),
    value: z.string().max(256, "At most 256 characters"),
  }),
  run: async ({ functions, key, value }) =>
    tagFunctions(await target(), functions, { [key]: value }),
});
