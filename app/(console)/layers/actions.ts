"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import {
  addLayerPermission,
  deleteLayerVersion,
  publishLayerVersion,
  removeLayerPermission,
} from "@/lib/aws/layers";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { LAYER_ARCHITECTURES, LAYER_RUNTIME_CHOICES } from "@/components/layers/choices";

const target = async () => (await getCurrentTarget()).current;
const layerName = z
  .string()
  .regex(/^[a-zA-Z0-9-_]{1,140}$/, "Letters, numbers, hyphens and underscores (at most 140)");
const version = z.coerce.number().int().min(1);
/** Checkbox groups arrive as one string, several, or none. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );
const pages = (input: { name: string }) => ["/layers", `/layers/${encodeURIComponent(input.name)}`];

/** PublishLayerVersion from an uploaded .zip. */
export const publishLayerAction = defineAction({
  permission: "functions.write",
  name: "layers.publish",
  schema: z.object({
    name: layerName,
    description: z.string().max(256, "At most 256 characters").default(""),
    licenseInfo: z.string().max(512, "At most 512 characters").default(""),
    compatibleRuntimes: many(z.enum(LAYER_RUNTIME_CHOICES)),
    compatibleArchitectures: many(z.enum(LAYER_ARCHITECTURES)),
    zip: z
      .instanceof(File, { message: "Choose a .zip file" })
      .refine((f) => f.size > 0, "The file is empty")
      .refine(
        (f) => f.size <= 50 * 1024 * 1024,
        "At most 50 MB (Lambda's limit for direct upload)",
      ),
  }),
  run: async (input) => {
    const v = await publishLayerVersion(await target(), {
      ...input,
      zip: new Uint8Array(await input.zip.arrayBuffer()),
    });
    return { name: input.name, arn: v.arn, version: v.version };
  },
  revalidate: pages,
});

export const deleteLayerVersionAction = defineAction({
  permission: "functions.write",
  name: "layers.delete-version",
  schema: z.object({ name: layerName, version }),
  // Production guard: functions keep a deleted version, but nothing can add it again.
  confirmOnProduction: ({ name, version: v }) => [`${name}:${v}`],
  confirmWhat: "the layer version",
  run: async ({ name, version: v }) => {
    await deleteLayerVersion(await target(), name, v);
    return { name, version: v };
  },
  revalidate: pages,
});

export const addLayerPermissionAction = defineAction({
  permission: "functions.write",
  name: "layers.add-permission",
  schema: z.object({
    name: layerName,
    version,
    statementId: z.string().regex(/^[a-zA-Z0-9-_]{1,100}$/, "Letters, numbers, - and _"),
    principal: z
      .string()
      .regex(/^(\d{12}|\*)$/, "A 12-digit account ID, or * for everyone (with an organization)"),
    organizationId: z
      .string()
      .regex(/^(|o-[a-z0-9]{10,32})$/, "An organization ID: o- then 10 to 32 characters")
      .default(""),
  }),
  run: async (input) => {
    await addLayerPermission(await target(), input);
    return { name: input.name };
  },
  revalidate: pages,
});

export const removeLayerPermissionAction = defineAction({
  permission: "functions.write",
  name: "layers.remove-permission",
  schema: z.object({
    name: layerName,
    version,
    statementId: z.string().regex(/^[a-zA-Z0-9-_]{1,100}$/),
  }),
  run: async (input) => {
    await removeLayerPermission(await target(), input);
    return { name: input.name };
  },
  revalidate: pages,
});
