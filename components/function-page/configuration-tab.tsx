import Link from "next/link";
import type { FunctionInfo } from "@/lib/aws/function-detail";
import {
  updateEnvironmentAction,
  updateGeneralAction,
  updateTagsAction,
} from "@/app/(console)/functions/[name]/actions";
import { Panel } from "../ui/panel";
import { EnvironmentEditor, GeneralForm, TagsEditor } from "./configuration-forms";
import { FunctionFileSystemPanel } from "../file-systems/function-file-system-panel";

/** Configuration tab: general settings, environment variables, tags. */
// No key on the forms: a save revalidates the page, and remounting would drop the "saved" note.
export function ConfigurationTab({ info, canWrite }: { info: FunctionInfo; canWrite: boolean }) {
  const c = info.config;
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Panel title="General configuration">
        <GeneralForm config={c} canWrite={canWrite} action={updateGeneralAction} />
      </Panel>
      <Panel title="Environment variables">
        <EnvironmentEditor
          functionName={c.name}
          variables={c.environment}
          canWrite={canWrite}
          action={updateEnvironmentAction}
        />
      </Panel>
      <Panel title="Tags">
        <TagsEditor
          functionName={c.name}
          arn={c.arn}
          tags={info.tags}
          canWrite={canWrite}
          action={updateTagsAction}
        />
      </Panel>
      <FunctionFileSystemPanel functionName={c.name} canWrite={canWrite} />
      <Panel title="Details">
        <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
          <dt className="text-zinc-500">Role</dt>
          <dd className="truncate font-mono text-xs">{c.role}</dd>
          <dt className="text-zinc-500">Code SHA-256</dt>
          <dd className="truncate font-mono text-xs">{c.codeSha256}</dd>
          <dt className="text-zinc-500">Code size</dt>
          <dd>{c.codeSizeBytes.toLocaleString("en-US")} bytes</dd>
          <dt className="text-zinc-500">Reserved concurrency</dt>
          <dd>
            {info.reservedConcurrency ?? "Unreserved"}{" "}
            <Link
              href={`/functions/${encodeURIComponent(c.name)}/concurrency`}
              className="ml-2 text-blue-700 hover:underline dark:text-blue-400"
            >
              Concurrency settings
            </Link>
          </dd>
          <dt className="text-zinc-500">Code signing</dt>
          <dd>
            <Link
              href={`/functions/${encodeURIComponent(c.name)}/code-signing`}
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              Code signing configuration
            </Link>
          </dd>
          <dt className="text-zinc-500">Database proxies</dt>
          <dd>
            <Link
              href={`/functions/${encodeURIComponent(c.name)}/database-proxies`}
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              Connect to a database proxy
            </Link>
          </dd>
          <dt className="text-zinc-500">Last update</dt>
          <dd>{c.lastUpdateStatus ?? "—"}</dd>
        </dl>
      </Panel>
    </div>
  );
}
