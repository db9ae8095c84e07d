"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import {
  cancelSigningProfile,
  putSigningProfile,
  revokeSignature,
  revokeSigningProfile,
} from "@/lib/aws/signing-profiles";
import {
  createCodeSigningConfig,
  deleteCodeSigningConfig,
  updateCodeSigningConfig,
} from "@/lib/aws/code-signing-configs";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const PAGE = ["/code-signing"];
const profileName = z.string().regex(/^[a-zA-Z0-9_]{2,64}$/, "2–64 letters, digits or _");
const reason = z.string().trim().min(1, "Give a reason").max(500);
const cscArn = z
  .string()
  .regex(/^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/);
const publishers = z
  .string()
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^arn:aws[a-zA-Z0-9-]*:signer:[a-z0-9-]*:\d{12}:\/signing-profiles\/[^/]+\/[^/]+$/,
            "Signing profile version ARNs",
          ),
      )
      .min(1, "At least one signing profile version")
      .max(20, "At most 20"),
  );
const cscFields = {
  description: z.string().max(256).default(""),
  allowedPublishers: publishers,
  policy: z.enum(["Warn", "Enforce"]),
};

// Signing profiles and configurations decide what may run: admins change them.
export const putProfileAction = defineAction({
  permission: "admin",
  name: "code-signing.put-profile",
  schema: z.object({
    name: profileName,
    validityValue: z.coerce.number().int().min(1),
    validityType: z.enum(["DAYS", "MONTHS", "YEARS"]),
  }),
  run: async ({ name, validityValue, validityType }) => ({
    profileVersionArn: await putSigningProfile(await target(), name, {
      value: validityValue,
      type: validityType,
    }),
  }),
  revalidate: PAGE,
});

export const revokeProfileAction = defineAction({
  permission: "admin",
  name: "code-signing.revoke-profile",
  schema: z.object({ name: profileName, version: z.string().regex(/^[A-Za-z0-9]{1,64}$/), reason }),
  run: async ({ name, version, reason: why }) => {
    await revokeSigningProfile(await target(), name, version, why);
    return { name };
  },
  revalidate: PAGE,
});

export const cancelProfileAction = defineAction({
  permission: "admin",
  name: "code-signing.cancel-profile",
  schema: z.object({ name: profileName }),
  run: async ({ name }) => {
    await cancelSigningProfile(await target(), name);
    return { name };
  },
  revalidate: PAGE,
});

export const revokeSignatureAction = defineAction({
  permission: "admin",
  name: "code-signing.revoke-signature",
  schema: z.object({ jobId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/), reason }),
  run: async ({ jobId, reason: why }) => {
    await revokeSignature(await target(), jobId, why);
    return { jobId };
  },
  revalidate: PAGE,
});

export const createConfigAction = defineAction({
  permission: "admin",
  name: "code-signing.create-config",
  schema: z.object(cscFields),
  run: async (input) => ({ arn: await createCodeSigningConfig(await target(), input) }),
  revalidate: PAGE,
});

export const updateConfigAction = defineAction({
  permission: "admin",
  name: "code-signing.update-config",
  schema: z.object({ arn: cscArn, ...cscFields }),
  run: async ({ arn, ...input }) => {
    await updateCodeSigningConfig(await target(), arn, input);
    return { arn };
  },
  revalidate: PAGE,
});

export const deleteConfigAction = defineAction({
  permission: "admin",
  name: "code-signing.delete-config",
  schema: z.object({ arn: cscArn }),
  run: async ({ arn }) => {
    await deleteCodeSigningConfig(await target(), arn);
    return { arn };
  },
  revalidate: PAGE,
});
