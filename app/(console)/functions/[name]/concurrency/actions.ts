"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import {
  deleteAsyncConfig,
  deleteProvisionedConcurrency,
  deleteReservedConcurrency,
  putAsyncConfig,
  putProvisionedConcurrency,
  putReservedConcurrency,
} from "@/lib/aws/concurrency";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const qualifier = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "Choose a version or an alias");
const paths = (input: { functionName: string }) => [
  `/functions/${encodeURIComponent(input.functionName)}/concurrency`,
  "/account",
];
const destination = z
  .string()
  .trim()
  .max(350)
  .refine(
    (v) => v === "" || /^arn:aws[a-zA-Z0-9-]*:[a-z0-9-]+:/.test(v),
    "Enter an ARN (another function's ARN locally)",
  )
  .optional();

export const setReservedConcurrency = defineAction({
  permission: "concurrency.write",
  name: "concurrency.reserve",
  // Reserving 0 stops every invocation of the function.
  confirmOnProduction: ({ functionName, reserved }) => (reserved === 0 ? [functionName] : null),
  schema: z.object({
    functionName,
    reserved: z.coerce.number().int("Whole numbers only").min(0, "0 or more"),
  }),
  run: async ({ functionName, reserved }) => ({
    functionName,
    reserved: await putReservedConcurrency(await target(), functionName, reserved),
  }),
  revalidate: paths,
});

export const removeReservedConcurrency = defineAction({
  permission: "concurrency.write",
  name: "concurrency.unreserve",
  schema: z.object({ functionName }),
  run: async ({ functionName }) => {
    await deleteReservedConcurrency(await target(), functionName);
    return { functionName };
  },
  revalidate: paths,
});

export const setProvisionedConcurrency = defineAction({
  permission: "concurrency.write",
  name: "concurrency.provision",
  schema: z.object({
    functionName,
    qualifier,
    provisioned: z.coerce.number().int("Whole numbers only").min(1, "1 or more"),
  }),
  run: async ({ functionName, qualifier, provisioned }) => {
    await putProvisionedConcurrency(await target(), functionName, qualifier, provisioned);
    return { functionName };
  },
  revalidate: paths,
});

export const removeProvisionedConcurrency = defineAction({
  permission: "concurrency.write",
  name: "concurrency.unprovision",
  confirmOnProduction: ({ functionName }) => [functionName],
  schema: z.object({ functionName, qualifier }),
  run: async ({ functionName, qualifier }) => {
    await deleteProvisionedConcurrency(await target(), functionName, qualifier);
    return { functionName };
  },
  revalidate: paths,
});

export const saveAsyncConfig = defineAction({
  permission: "functions.write",
  name: "functions.async-config",
  schema: z.object({
    functionName,
    maximumRetryAttempts: z.coerce.number().int().min(0, "0 to 2").max(2, "0 to 2"),
    maximumEventAgeSeconds: z.coerce
      .number()
      .int()
      .min(60, "60 to 21600 seconds")
      .max(21600, "60 to 21600 seconds"),
    onSuccess: destination,
    onFailure: destination,
  }),
  run: async ({ functionName, onSuccess, onFailure, ...rest }) => {
    await putAsyncConfig(await target(), functionName, {
      ...rest,
      ...(onSuccess ? { onSuccess } : {}),
      ...(onFailure ? { onFailure } : {}),
    });
    return { functionName };
  },
  revalidate: paths,
});

export const resetAsyncConfig = defineAction({
  permission: "functions.write",
  name: "functions.async-config-reset",
  schema: z.object({ functionName }),
  run: async ({ functionName }) => {
    await deleteAsyncConfig(await target(), functionName);
    return { functionName };
  },
  revalidate: paths,
});
