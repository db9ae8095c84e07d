import type { Target } from "@/lib/targets/types";
import type { FunctionInfo } from "@/lib/aws/function-detail";
import { settle } from "@/lib/aws/errors";
import {
  getFunctionLayers,
  listLayers,
  listLayerVersions,
  mergedOptListing,
} from "@/lib/aws/layers";
import { setFunctionLayersAction } from "@/app/(console)/functions/[name]/layers-actions";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { FunctionLayersEditor, type LayerChoice } from "./function-layers-editor";

/** At most this many /opt paths are listed (a layer of node_modules has thousands). */
const LISTING_MAX = 200;

/** The Code tab's Layers panel: the ordered list (editable for writers) and the merged /opt. */
export async function FunctionLayersPanel({
  target,
  info,
  canWrite,
}: {
  target: Target;
  info: FunctionInfo;
  canWrite: boolean;
}) {
  const c = info.config;
  const [layers, available] = await Promise.all([
    settle(getFunctionLayers(target, c.name)),
    canWrite ? settle(listLayers(target)) : Promise.resolve(null),
  ]);
  if (!layers.ok) return <ErrorState error={layers.error} />;
  // Every version of every layer, newest first (the picker's labels are name:version).
  const versions =
    available?.ok === true
      ? await Promise.all(
          available.data.map(async (l) => {
            const all = await settle(listLayerVersions(target, l.name));
            return (all.ok ? all.data : [l.latest]).map((v) => ({ name: l.name, v }));
          }),
        )
      : [];
  const choices: LayerChoice[] = versions.flat().map(({ name, v }) => ({
    arn: v.arn,
    label: `${name}:${v.version}`,
    compatible:
      (v.compatibleRuntimes.length === 0 || v.compatibleRuntimes.includes(c.runtime ?? "")) &&
      (v.compatibleArchitectures.length === 0 ||
        v.compatibleArchitectures.includes(c.architecture)),
  }));
  choices.sort((a, b) => Number(b.compatible) - Number(a.compatible));
  const arns = layers.data.map((l) => l.arn);
  const listing = arns.length > 0 ? await settle(mergedOptListing(target, arns)) : null;
  return (
    <Panel title="Layers">
      <FunctionLayersEditor
        functionName={c.name}
        initial={layers.data}
        choices={choices}
        canWrite={canWrite}
        action={setFunctionLayersAction}
      />
      {listing ? (
        <div className="mt-4">
          <h3 className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            /opt as the function sees it
          </h3>
          {!listing.ok ? (
            <ErrorState error={listing.error} />
          ) : (
            <>
              <ul aria-label="/opt listing" className="mt-1 font-mono text-xs">
                {listing.data.slice(0, LISTING_MAX).map((e) => (
                  <li key={e.path}>
                    /opt/{e.path}{" "}
                    <span className="text-zinc-500">
                      ({e.size} bytes, layer {e.layer + 1})
                    </span>
                  </li>
                ))}
              </ul>
              {listing.data.length > LISTING_MAX ? (
                <p className="text-xs text-zinc-500">
                  …and {listing.data.length - LISTING_MAX} more files.
                </p>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </Panel>
  );
}
