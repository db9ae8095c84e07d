"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { TARGET_COOKIE } from "@/lib/targets/current-target";
import { loadTargets } from "@/lib/targets/load-targets";

const switchTargetSchema = z.object({
  targetId: z
    .string()
    .min(1, "Choose a target")
    .refine((id) => loadTargets().targets.some((t) => t.id === id), "Unknown target"),
});

/** Chooses the target every page talks to; stored in a cookie for this browser. */
export const switchTarget = defineAction({
  permission: "functions.read",
  // The role checked is the one on the target switched to.
  target: (input) => (typeof input.targetId === "string" ? input.targetId : undefined),
  schema: switchTargetSchema,
  run: async ({ targetId }) => {
    (await cookies()).set(TARGET_COOKIE, targetId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
    return { targetId };
  },
});
