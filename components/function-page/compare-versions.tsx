import type { Target } from "@/lib/targets/types";
import { asText, type PackageEntry } from "@/lib/aws/code-package";
import { EDITOR_ZIP_LIMITS, readZipBounded } from "@/lib/aws/code-package-bounded";
import { downloadCode, getFunctionInfo, type FunctionInfo } from "@/lib/aws/function-detail";
import { AwsFailure, settle } from "@/lib/aws/errors";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { diffConfig, diffLines } from "./diff";

async function files(target: Target, info: FunctionInfo): Promise<Map<string, PackageEntry>> {
  if (!info.codeLocation) return new Map();
  const read = await readZipBounded(
    await downloadCode(target, info.codeLocation),
    EDITOR_ZIP_LIMITS,
  );
  if (!read.ok)
    throw new AwsFailure(
      "Invalid",
      `Version ${info.config.version} is not compared: ${read.reason}.`,
      "ZipLimits",
    );
  return new Map(read.entries.map((e) => [e.path, e]));
}

const VERSION_FIELDS = new Set([
  "version",
  "arn",
  "lastModified",
  "revisionId",
  "state",
  "lastUpdateStatus",
]);

function comparable(info: FunctionInfo): Record<string, unknown> {
  // Fields that identify the version itself always differ; leave them out.
  return Object.fromEntries(Object.entries(info.config).filter(([k]) => !VERSION_FIELDS.has(k)));
}

/** A version's configuration and code against $LATEST. */
export async function CompareVersions({
  target,
  functionName,
  version,
}: {
  target: Target;
  functionName: string;
  version: string;
}) {
  const both = await settle(
    Promise.all([
      getFunctionInfo(target, functionName, version),
      getFunctionInfo(target, functionName),
    ]),
  );
  if (!both.ok) return <ErrorState error={both.error} />;
  const [old, latest] = both.data;
  const changes = diffConfig(comparable(old), comparable(latest));
  const code = await settle(Promise.all([files(target, old), files(target, latest)]));
  return (
    <Panel title={`Version ${version} compared with $LATEST`}>
      <h3 className="mt-1 text-sm font-medium">Configuration</h3>
      {changes.length === 0 ? (
        <p className="text-sm text-zinc-500">Same configuration.</p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="Configuration differences">
          <thead className="text-xs text-zinc-500 uppercase">
            <tr>
              <th>Field</th>
              <th>Version {version}</th>
              <th>$LATEST</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <td className="font-medium">{c.field}</td>
                <td className="font-mono text-xs text-red-800 dark:text-red-300">{c.before}</td>
                <td className="font-mono text-xs text-green-800 dark:text-green-300">{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="mt-4 text-sm font-medium">Code</h3>
      {!code.ok ? (
        <ErrorState error={code.error} />
      ) : old.config.codeSha256 === latest.config.codeSha256 ? (
        <p className="text-sm text-zinc-500">
          Same code (CodeSha256 {latest.config.codeSha256.slice(0, 12)}…).
        </p>
      ) : (
        <div className="space-y-3">
          {[...new Set([...code.data[0].keys(), ...code.data[1].keys()])].sort().map((path) => {
            const a = code.data[0].get(path);
            const b = code.data[1].get(path);
            const ta = a ? asText(a.data) : "";
            const tb = b ? asText(b.data) : "";
            if (ta !== undefined && tb !== undefined && ta === tb) return null;
            return (
              <div key={path}>
                <p className="font-mono text-xs font-semibold">
                  {path} {!a ? "(added)" : !b ? "(removed)" : ""}
                </p>
                {ta === undefined || tb === undefined ? (
                  <p className="text-xs text-zinc-500">Binary file changed.</p>
                ) : (
                  <pre
                    className="max-h-96 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950"
                    data-testid="code-diff"
                  >
                    {diffLines(ta, tb).map((l, i) => (
                      <div
                        key={i}
                        className={
                          l.kind === "add"
                            ? "bg-green-100 dark:bg-green-950"
                            : l.kind === "del"
                              ? "bg-red-100 dark:bg-red-950"
                              : ""
                        }
                      >
                        {l.kind === "add" ? "+ " : l.kind === "del" ? "- " : "  "}
                        {l.text}
                      </div>
                    ))}
                  </pre>
                )}
              </div>
            );
          })}
        </div>
      )}
    </Panel>
  );
}
