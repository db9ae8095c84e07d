"use server";

import { redirect } from "next/navigation";
import { zipSync, type Zippable } from "fflate";
import { defineAction } from "@/lib/actions/define-action";
import { createZipFunction } from "@/lib/aws/create-function";
import { blueprintZip, getBlueprint } from "@/lib/blueprints";
import { blueprintLayers } from "@/lib/blueprints/layers";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { createFunctionSchema } from "@/components/function-create/schema";
import { starterFor } from "@/components/function-create/starters";

function starterZip(runtime: string): Uint8Array {
  const files: Zippable = {};
  for (const [name, f] of Object.entries(starterFor(runtime).files)) {
    // Unix mode in the external attributes, so bootstrap stays executable.
    files[name] = [
      Buffer.from(f.content),
      { os: 3, attrs: ((f.executable ? 0o755 : 0o644) << 16) >>> 0 },
    ];
  }
  return zipSync(files);
}

/** CreateFunction from the form (starter code, or a blueprint's code), then open the function. */
export const createFunctionAction = defineAction({
  permission: "functions.write",
  name: "functions.create",
  schema: createFunctionSchema,
  run: async (input) => {
    const { current } = await getCurrentTarget();
    const blueprint = input.blueprintId ? getBlueprint(input.blueprintId) : undefined;
    await createZipFunction(current, {
      name: input.functionName,
      runtime: input.runtime,
      handler: input.handler,
      role: input.role,
      description: input.description,
      memoryMb: input.memorySize,
      timeoutSeconds: input.timeout,
      environment: input.environment,
      tags: {},
      architecture: input.architecture,
      zip: blueprint ? blueprintZip(blueprint.id) : starterZip(input.runtime),
      ...(blueprint ? { layers: await blueprintLayers(current, blueprint.id) } : {}),
    });
    redirect(`/functions/${encodeURIComponent(input.functionName)}?created=1`);
  },
  revalidate: ["/functions", "/"],
});
