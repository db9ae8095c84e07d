"use server";

import { defineAction } from "@/lib/actions/define-action";
import { deployFunctionImage } from "@/lib/aws/images";
import { getImageHistoryStore } from "@/lib/image-history";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { deployImageSchema } from "@/components/images/schema";

export interface DeployImageResult {
  ok: boolean;
  message: string;
  digest: string | null;
}

/** UpdateFunctionCode with an ImageUri (a new tag, or an earlier digest for a rollback). */
export const deployImageAction = defineAction({
  permission: "functions.write",
  name: "functions.deploy-image",
  confirmOnProduction: ({ functionName }) => [functionName],
  schema: deployImageSchema,
  run: async (input, { session }): Promise<DeployImageResult> => {
    const { current } = await getCurrentTarget();
    const outcome = await deployFunctionImage(current, input.functionName, input.imageUri);
    getImageHistoryStore().record({
      targetId: current.id,
      functionName: input.functionName,
      kind: input.kind,
      imageUri: input.imageUri,
      resolvedImageUri: outcome.ok ? (outcome.image.resolvedImageUri ?? null) : null,
      digest: outcome.ok ? (outcome.image.digest ?? null) : null,
      result: outcome.ok ? "ok" : "failed",
      message: outcome.ok ? null : outcome.message,
      actor: session.user.id,
      actorName: session.user.name,
    });
    return { ok: outcome.ok, message: outcome.message, digest: outcome.image.digest ?? null };
  },
  revalidate: (): string[] => ["/functions"],
});
