import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { resolveDataDir } from "@/lib/data-dir";
import {
  FileBrowserError,
  fileSystemRoot,
  listDirectory,
  splitPath,
} from "@/lib/file-browser/safe-fs";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { FileBrowser } from "@/components/file-systems/file-browser";

export const metadata = { title: "Files" };
export const dynamic = "force-dynamic";

/** The file browser of one local file system (?path=/folder). */
export default async function FileSystemFilesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ path?: string | string[] }>;
}) {
  const session = await requirePermission("functions.read");
  const { id } = await params;
  const raw = (await searchParams).path;
  const { current } = await getCurrentTarget();
  if (current.kind !== "local")
    return (
      <>
        <PageHeading title="Files" />
        <p className="text-sm">
          The file browser works on the local engine&apos;s file systems; on AWS, mount the file
          system from an instance or a function.{" "}
          <Link href="/file-systems" className="text-blue-700 hover:underline">
            Back to file systems
          </Link>
        </p>
      </>
    );
  let dir = "/";
  let listing;
  try {
    dir = "/" + splitPath(typeof raw === "string" ? raw : "/").join("/");
    listing = listDirectory(fileSystemRoot(resolveDataDir(process.env), id), dir);
  } catch (err) {
    if (err instanceof FileBrowserError) {
      if (err.status === 404) notFound();
      return (
        <>
          <PageHeading title={`Files in ${id}`} />
          <p role="alert" className="text-sm text-red-700">
            {err.message}
          </p>
        </>
      );
    }
    throw err;
  }
  return (
    <>
      <PageHeading
        title={`Files in ${id}`}
        description={
          <>
            Everything every access point of this file system exposes.{" "}
            <Link href="/file-systems" className="text-blue-700 hover:underline dark:text-blue-400">
              All file systems
            </Link>
          </>
        }
      />
      <Panel title={dir}>
        <FileBrowser
          fileSystemId={id}
          dir={dir}
          entries={listing}
          canWrite={hasPermission(session.role, "functions.write")}
        />
      </Panel>
    </>
  );
}
