"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { putObject } from "@/lib/aws/buckets";
import { getCurrentTarget } from "@/lib/targets/current-target";

/** Upload to a bucket: writers only (viewers browse and download). */
export const uploadObjectAction = defineAction({
  permission: "functions.write",
  name: "buckets.upload",
  schema: z.object({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
    key: z.string().trim().max(1024).optional(),
    file: z
      .instanceof(File, { message: "Choose a file" })
      .refine((f) => f.size <= 256 * 1024 * 1024, "At most 256 MB through the console"),
  }),
  resource: (input) => (typeof input.bucket === "string" ? input.bucket : undefined),
  run: async ({ bucket, key, file }) => {
    const k = key || file.name;
    const versionId = await putObject(
      (await getCurrentTarget()).current,
      bucket,
      k,
      new Uint8Array(await file.arrayBuffer()),
    );
    return { bucket, key: k, versionId: versionId ?? null };
  },
  revalidate: (d) => [`/code-signing/buckets/${encodeURIComponent(d.bucket)}`],
});
