import Link from "next/link";
import type { Target } from "@/lib/targets/types";
import { asText, EDITOR_MAX_BYTES } from "@/lib/aws/code-package";
import { EDITOR_ZIP_LIMITS, readZipBounded } from "@/lib/aws/code-package-bounded";
import { downloadCode, type FunctionInfo } from "@/lib/aws/function-detail";
import { settle } from "@/lib/aws/errors";
import {
  deployCodeAction,
  updateRuntimeSettingsAction,
  uploadZipAction,
} from "@/app/(console)/functions/[name]/actions";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { CodeWorkspace } from "./code-workspace";
import { RuntimeSettingsForm, UploadZipForm } from "./code-settings";
import { FunctionLayersPanel } from "../layers/function-layers-panel";

/** Code tab: the zip's files in the editor (packages up to 3 MB), upload, runtime settings. */
export async function CodeTab({
  target,
  info,
  canWrite,
}: {
  target: Target;
  info: FunctionInfo;
  canWrite: boolean;
}) {
  const c = info.config;
  if (c.packageType === "Image") {
    return (
      <Panel title="Container image">
        <p className="font-mono text-sm">{c.imageUri ?? "—"}</p>
      </Panel>
    );
  }
  let editor;
  if (c.codeSizeBytes > EDITOR_MAX_BYTES || !info.codeLocation) {
    editor = (
      <p className="rounded-md border border-zinc-200 p-4 text-sm dark:border-zinc-800">
        The package is {(c.codeSizeBytes / 1024 / 1024).toFixed(1)} MB: too large for the editor (3
        MB). Upload a .zip to change it.
      </p>
    );
  } else {
    const location = info.codeLocation;
    // Streamed with caps (issue 13): a small zip that expands to gigabytes is not inflated here.
    const result = await settle(
      downloadCode(target, location).then((zip) => readZipBounded(zip, EDITOR_ZIP_LIMITS)),
    );
    if (!result.ok) editor = <ErrorState error={result.error} />;
    else if (!result.data.ok) {
      editor = (
        <div
          role="status"
          className="rounded-md border border-zinc-200 p-4 text-sm dark:border-zinc-800"
        >
          <p>
            This package is not opened in the editor: {result.data.reason}. Download it to look
            inside, or upload a new .zip.
          </p>
          <a
            href={location}
            className="mt-2 inline-block text-blue-700 hover:underline dark:text-blue-400"
          >
            Download the .zip
          </a>
        </div>
      );
    } else {
      const files = [];
      const binary = [];
      for (const e of result.data.entries) {
        const text = asText(e.data);
        if (text === undefined) binary.push(e.path);
        else files.push({ path: e.path, content: text });
      }
      editor = (
        <CodeWorkspace
          functionName={c.name}
          files={files}
          binaryPaths={binary}
          canWrite={canWrite}
          deploy={deployCodeAction}
        />
      );
    }
  }
  return (
    <div className="space-y-4">
      {editor}
      <FunctionLayersPanel target={target} info={info} canWrite={canWrite} />
      {canWrite ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <Panel title="Runtime settings">
            <RuntimeSettingsForm
              functionName={c.name}
              runtime={c.runtime ?? ""}
              handler={c.handler ?? ""}
              architecture={c.architecture}
              canWrite={canWrite}
              action={updateRuntimeSettingsAction}
            />
          </Panel>
          <Panel title="Upload">
            <UploadZipForm functionName={c.name} action={uploadZipAction} />
            <Link
              href={`/functions/${encodeURIComponent(c.name)}/code-signing`}
              className="mt-3 inline-block text-sm text-blue-700 hover:underline dark:text-blue-400"
            >
              Sign and deploy…
            </Link>
          </Panel>
        </div>
      ) : null}
    </div>
  );
}
