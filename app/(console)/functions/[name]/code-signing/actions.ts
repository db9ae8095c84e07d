"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import {
  deleteFunctionCodeSigningConfig,
  putFunctionCodeSigningConfig,
} from "@/lib/aws/code-signing-configs";
import {
  deployFromS3,
  startSigning,
  uploadForSigning,
  waitForSigning,
} from "@/lib/aws/sign-and-deploy";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "A valid S3 bucket name");
const key = z.string().min(1).max(1024);
const pages = (input: { functionName: string }) => [
  `/functions/${encodeURIComponent(input.functionName)}`,
  `/functions/${encodeURIComponent(input.functionName)}/code-signing`,
];

/** Attaching only tightens what may deploy: developers may do it; detaching is an admin's call. */
export const attachConfigAction = defineAction({
  permission: "functions.write",
  name: "functions.attach-code-signing-config",
  schema: z.object({
    functionName,
    arn: z
      .string()
      .regex(
        /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/,
        "Choose a configuration",
      ),
  }),
  run: async ({ functionName: name, arn }) => {
    await putFunctionCodeSigningConfig(await target(), name, arn);
    return { functionName: name };
  },
  revalidate: pages,
});

export const detachConfigAction = defineAction({
  permission: "admin",
  name: "functions.detach-code-signing-config",
  schema: z.object({ functionName }),
  // Unsigned code may deploy afterwards.
  confirmOnProduction: ({ functionName: name }) => [name],
  run: async ({ functionName: name }) => {
    await deleteFunctionCodeSigningConfig(await target(), name);
    return { functionName: name };
  },
  revalidate: pages,
});

/** Sign and deploy, step 1: the package into a versioned bucket. */
export const uploadForSigningAction = defineAction({
  permission: "functions.write",
  name: "functions.sign-upload",
  schema: z.object({
    functionName,
    bucket,
    zip: z
      .instanceof(File, { message: "Choose a .zip file" })
      .refine((f) => f.size > 0, "The file is empty")
      .refine((f) => f.size <= 250 * 1024 * 1024, "At most 250 MB"),
  }),
  run: async ({ functionName: name, bucket: b, zip }) =>
    uploadForSigning(await target(), b, name, new Uint8Array(await zip.arrayBuffer())),
});

/** Step 2: the signing job with the chosen profile. */
export const startSigningAction = defineAction({
  permission: "functions.write",
  name: "functions.sign-start",
  schema: z.object({
    functionName,
    profileName: z.string().regex(/^[a-zA-Z0-9_]{2,64}$/),
    bucket,
    key,
    version: z.string().min(1).max(1024),
  }),
  run: async ({ profileName, bucket: b, key: k, version }) => ({
    jobId: await startSigning(await target(), profileName, { bucket: b, key: k, version }),
  }),
});

/** Step 3: the job's result. */
export const waitSigningAction = defineAction({
  permission: "functions.write",
  name: "functions.sign-wait",
  schema: z.object({ functionName, jobId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
  run: async ({ jobId }) => waitForSigning(await target(), jobId),
});

/** Step 4: UpdateFunctionCode from the signed package (Lambda verifies it against the configuration). */
export const deploySignedAction = defineAction({
  permission: "functions.write",
  name: "functions.sign-deploy",
  schema: z.object({ functionName, bucket, key }),
  // It updates the function's code, as Deploy does.
  confirmOnProduction: ({ functionName: name }) => [name],
  run: async ({ functionName: name, bucket: b, key: k }) => ({
    functionName: name,
    codeSha256: await deployFromS3(await target(), name, { bucket: b, key: k }),
  }),
  revalidate: pages,
});
