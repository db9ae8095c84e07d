"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { getConsoleStores } from "@/lib/auth/console-stores";
import { AwsFailure } from "@/lib/aws/errors";

/** Lifts a sign-in lockout of the embedded IdP (the wrapper records who did it). */
export const unlockSignIn = defineAction({
  permission: "admin",
  name: "auth.unlock",
  resource: (input) =>
    typeof input.key === "string" ? input.key.replace("\n", " from ") : undefined,
  schema: z.object({ key: z.string().min(3).max(400) }),
  revalidate: ["/access"],
  run: async ({ key }) => {
    const lifted = getConsoleStores().signInThrottle.unlock(key);
    if (!lifted) throw new AwsFailure("NotFound", "That lockout has already ended.", "NoLockout");
    const who = lifted.userName
      ? `${lifted.userName} from ${lifted.address}`
      : `everyone from ${lifted.address}`;
    return { message: `Unlocked sign-in for ${who}.` };
  },
});
