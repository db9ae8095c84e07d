"use server";

import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/define-action";
import { AwsFailure } from "@/lib/aws/errors";
import { createImageFunction } from "@/lib/aws/images";
import { getImageHistoryStore } from "@/lib/image-history";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { createImageFunctionSchema } from "@/components/images/schema";

/** CreateFunction from a container image; waits for Active, else reports Lambda's StateReason. */
export const createImageFunctionAction = defineAction({
  permission: "functions.write",
  name: "functions.create-image",
  schema: createImageFunctionSchema,
  run: async (input, { session }) => {
    const { current } = await getCurrentTarget();
    const outcome = await createImageFunction(current, {
      name: input.functionName,
      imageUri: input.imageUri,
      imageConfig: {
        entryPoint: input.entryPoint,
        command: input.command,
        workingDirectory: input.workingDirectory,
      },
      architecture: input.architecture,
      role: input.role,
      description: input.description,
      memoryMb: input.memorySize,
      timeoutSeconds: input.timeout,
      environment: input.environment,
    });
    getImageHistoryStore().record({
      targetId: current.id,
      functionName: input.functionName,
      kind: "create",
      imageUri: input.imageUri,
      resolvedImageUri: outcome.image.resolvedImageUri ?? null,
      digest: outcome.image.digest ?? null,
      result: outcome.ok ? "ok" : "failed",
      message: outcome.ok ? null : outcome.message,
      actor: session.user.id,
      actorName: session.user.name,
    });
    if (!outcome.ok) {
      throw new AwsFailure(
        "Invalid",
        `${input.functionName} was created but its image could not be used: ${outcome.message}`,
        "FunctionFailed",
      );
    }
    redirect(`/functions/${encodeURIComponent(input.functionName)}/image?created=1`);
  },
  revalidate: ["/functions", "/"],
});
