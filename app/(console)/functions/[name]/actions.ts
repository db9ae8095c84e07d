"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { AwsFailure } from "@/lib/aws/errors";
import { rezip } from "@/lib/aws/code-package";
import { DEPLOY_ZIP_LIMITS, readZipBounded } from "@/lib/aws/code-package-bounded";
import {
  deployZip,
  downloadCode,
  getFunctionInfo,
  setTags,
  updateArchitecture,
  updateConfiguration,
} from "@/lib/aws/function-detail";
import { invokeWith } from "@/lib/aws/invoke";
import { deleteAlias, publishVersion, saveAlias } from "@/lib/aws/versions-aliases";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { getTestEventStore, TEST_EVENT_NAME } from "@/lib/test-events";
import {
  commonFunctionFields,
  environmentText,
  ephemeralStorageField,
  FUNCTION_NAME,
  handlerField,
} from "@/components/function-create/schema";

const target = async () => (await getCurrentTarget()).current;
const functionName = z.string().regex(FUNCTION_NAME);
const qualifier = z
  .string()
  .regex(/^(\$LATEST|[0-9]+|[A-Za-z0-9_-]{1,128})$/)
  .optional();
const page = (input: { functionName: string }) => [
  `/functions/${encodeURIComponent(input.functionName)}`,
];
const jsonText = z.string().refine((s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}, "Must be valid JSON");

async function currentZip(name: string): Promise<Uint8Array> {
  const t = await target();
  const info = await getFunctionInfo(t, name);
  if (!info.codeLocation) {
    throw new AwsFailure("Invalid", `${name} is not a zip package.`, "NotZip");
  }
  return downloadCode(t, info.codeLocation);
}

/** Re-zips the editor's files with the package's other files and deploys (UpdateFunctionCode). */
export const deployCodeAction = defineAction({
  permission: "functions.write",
  name: "functions.deploy-code",
  confirmOnProduction: ({ functionName: name }) => [name],
  schema: z.object({
    functionName,
    files: z.array(z.object({ path: z.string().min(1).max(512), content: z.string() })).max(500),
    removed: z.array(z.string()).max(500).default([]),
  }),
  run: async ({ functionName: name, files, removed }) => {
    const read = await readZipBounded(await currentZip(name), DEPLOY_ZIP_LIMITS);
    if (!read.ok)
      throw new AwsFailure(
        "Invalid",
        `The package cannot be re-zipped: ${read.reason}.`,
        "ZipLimits",
      );
    const entries = read.entries;
    const detail = await deployZip(await target(), name, rezip(entries, files, removed));
    return {
      functionName: name,
      codeSha256: detail.codeSha256,
      codeSizeBytes: detail.codeSizeBytes,
    };
  },
  revalidate: page,
});

/** Upload a .zip as the new code. */
export const uploadZipAction = defineAction({
  permission: "functions.write",
  name: "functions.upload-zip",
  confirmOnProduction: ({ functionName: name }) => [name],
  schema: z.object({
    functionName,
    zip: z
      .instanceof(File, { message: "Choose a .zip file" })
      .refine((f) => f.size > 0, "The file is empty")
      .refine(
        (f) => f.size <= 50 * 1024 * 1024,
        "At most 50 MB (Lambda's limit for direct upload)",
      ),
  }),
  run: async ({ functionName: name, zip }) => {
    const detail = await deployZip(await target(), name, new Uint8Array(await zip.arrayBuffer()));
    return {
      functionName: name,
      codeSha256: detail.codeSha256,
      codeSizeBytes: detail.codeSizeBytes,
    };
  },
  revalidate: page,
});

/** Runtime settings of the Code tab: runtime and handler (configuration), architecture (code). */
export const updateRuntimeSettingsAction = defineAction({
  permission: "functions.write",
  name: "functions.runtime-settings",
  // Runtime, handler and architecture (which re-uploads the code) all decide whether it runs.
  confirmOnProduction: ({ functionName: name }) => [name],
  schema: z.object({
    functionName,
    runtime: z.string().min(1),
    handler: handlerField,
    architecture: z.enum(["x86_64", "arm64"]),
  }),
  run: async ({ functionName: name, runtime, handler, architecture }) => {
    const t = await target();
    const before = await getFunctionInfo(t, name);
    if (before.config.runtime !== runtime || before.config.handler !== handler) {
      await updateConfiguration(t, name, { runtime, handler });
    }
    if (before.config.architecture !== architecture) {
      await updateArchitecture(t, name, architecture, await currentZip(name));
    }
    return { functionName: name };
  },
  revalidate: page,
});

export const updateGeneralAction = defineAction({
  permission: "functions.write",
  name: "functions.update-configuration",
  schema: z.object({
    functionName,
    memorySize: commonFunctionFields.memorySize,
    timeout: commonFunctionFields.timeout,
    description: commonFunctionFields.description,
    ephemeralStorage: ephemeralStorageField,
  }),
  run: async ({ functionName: name, memorySize, timeout, description, ephemeralStorage }) => {
    await updateConfiguration(await target(), name, {
      memoryMb: memorySize,
      timeoutSeconds: timeout,
      description,
      ephemeralStorageMb: ephemeralStorage,
    });
    return { functionName: name };
  },
  revalidate: page,
});

export const updateEnvironmentAction = defineAction({
  permission: "functions.write",
  name: "functions.update-environment",
  schema: z.object({ functionName, environment: environmentText }),
  run: async ({ functionName: name, environment }) => {
    await updateConfiguration(await target(), name, { environment });
    return { functionName: name };
  },
  revalidate: page,
});

export const updateTagsAction = defineAction({
  permission: "functions.write",
  name: "functions.update-tags",
  schema: z.object({
    functionName,
    arn: z.string().startsWith("arn:"),
    add: z.record(z.string().min(1).max(128), z.string().max(256)),
    remove: z.array(z.string()).default([]),
  }),
  run: async ({ functionName: name, arn, add, remove }) => {
    await setTags(await target(), arn, add, remove);
    return { functionName: name };
  },
  revalidate: page,
});

export const invokeAction = defineAction({
  permission: "functions.invoke",
  name: "functions.invoke",
  schema: z.object({
    functionName,
    qualifier,
    invocationType: z.enum(["RequestResponse", "Event"]),
    payload: jsonText,
  }),
  run: async ({ functionName: name, qualifier: q, invocationType, payload }) =>
    invokeWith(await target(), name, payload, { invocationType, ...(q ? { qualifier: q } : {}) }),
});

export const saveTestEventAction = defineAction({
  permission: "functions.invoke",
  name: "functions.save-test-event",
  schema: z.object({
    functionName,
    name: z.string().regex(TEST_EVENT_NAME, "1-25 letters, digits, - or _"),
    json: jsonText,
  }),
  run: async ({ functionName: fn, name, json }) => {
    const t = await target();
    return getTestEventStore().save({ targetId: t.id, functionName: fn, name, json, source: null });
  },
});

export const deleteTestEventAction = defineAction({
  permission: "functions.invoke",
  name: "functions.delete-test-event",
  schema: z.object({ functionName, name: z.string().regex(TEST_EVENT_NAME) }),
  run: async ({ functionName: fn, name }) => {
    const t = await target();
    return getTestEventStore().delete(t.id, fn, name);
  },
});

export const publishVersionAction = defineAction({
  permission: "functions.write",
  name: "functions.publish-version",
  schema: z.object({ functionName, description: z.string().max(256).default("") }),
  run: async ({ functionName: name, description }) => ({
    functionName: name,
    version: await publishVersion(await target(), name, description),
  }),
  revalidate: page,
});

export const saveAliasAction = defineAction({
  permission: "functions.write",
  name: "functions.save-alias",
  schema: z
    .object({
      functionName,
      alias: z
        .string()
        .regex(
          /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/,
          "1-128 letters, digits, - or _; not only digits",
        ),
      functionVersion: z.string().regex(/^(\$LATEST|[0-9]+)$/, "A version number or $LATEST"),
      description: z.string().max(256).default(""),
      extraVersion: z
        .string()
        .regex(/^[0-9]+$/)
        .optional()
        .or(z.literal("")),
      extraWeightPercent: z.coerce.number().min(0).max(100).optional(),
      create: z.boolean(),
    })
    .refine((a) => !a.extraVersion || a.extraVersion !== a.functionVersion, {
      message: "The second version must differ from the primary one",
      path: ["extraVersion"],
    }),
  run: async (a) => {
    await saveAlias(
      await target(),
      {
        functionName: a.functionName,
        alias: a.alias,
        functionVersion: a.functionVersion,
        description: a.description,
        ...(a.extraVersion && a.extraWeightPercent !== undefined
          ? { extraVersion: a.extraVersion, extraWeight: a.extraWeightPercent / 100 }
          : {}),
      },
      a.create,
    );
    return { functionName: a.functionName };
  },
  revalidate: page,
});

export const deleteAliasAction = defineAction({
  permission: "functions.write",
  name: "functions.delete-alias",
  confirmOnProduction: ({ functionName: name }) => [name],
  schema: z.object({ functionName, alias: z.string().min(1) }),
  run: async ({ functionName: name, alias }) => {
    await deleteAlias(await target(), name, alias);
    return { functionName: name };
  },
  revalidate: page,
});
