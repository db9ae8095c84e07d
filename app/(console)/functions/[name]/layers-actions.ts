"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { setFunctionLayers } from "@/lib/aws/layers";
import { getCurrentTarget } from "@/lib/targets/current-target";

const LAYER_VERSION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:layer:[a-zA-Z0-9-_]+:\d+$/;

/** The Code tab's Layers panel: the function's layers, in order (UpdateFunctionConfiguration). */
export const setFunctionLayersAction = defineAction({
  permission: "functions.write",
  name: "functions.set-layers",
  schema: z.object({
    functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    layers: z
      .array(z.string().regex(LAYER_VERSION_ARN, "A layer version ARN (…:layer:name:version)"))
      .max(5, "Cannot reference more than 5 layers."),
  }),
  run: async ({ functionName, layers }) => {
    await setFunctionLayers((await getCurrentTarget()).current, functionName, layers);
    return { functionName, layers };
  },
  revalidate: (d) => [`/functions/${encodeURIComponent(d.functionName)}`],
});
