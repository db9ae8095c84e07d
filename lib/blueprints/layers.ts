import { ensureLayerVersion } from "../aws/layers";
import type { Target } from "../targets/types";
import { blueprintLayerZip, getBlueprint } from "./index";

/** The Layers a function made from this blueprint gets: its own layer, published if needed. */
export async function blueprintLayers(target: Target, id: string): Promise<string[]> {
  const blueprint = getBlueprint(id);
  const zip = blueprintLayerZip(id);
  if (!blueprint?.layer || !zip) return [];
  return [await ensureLayerVersion(target, blueprint.layer, zip)];
}
