import Link from "next/link";
import { chainFunctionPages, listFunctionsPage } from "@/lib/aws/function-list";
import { settle } from "@/lib/aws/errors";
import type { Target } from "@/lib/targets/types";
import {
  bulkDeleteFunctions,
  bulkPublishVersions,
  bulkTagFunctions,
} from "@/app/(console)/functions/actions";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { FunctionBrowser } from "./function-browser";

/**
 * Server component: the first ListFunctions page in the HTML, or the error state. The other pages
 * are asked for right away and stream to the browser in this same response, as promises React
 * resolves there, while the page's scripts load (issue 18: no wait for hydration, no request per
 * page).
 */
export async function FunctionList({ target, canWrite }: { target: Target; canWrite: boolean }) {
  const result = await settle(listFunctionsPage(target));
  if (!result.ok) return <ErrorState error={result.error} />;
  const { nextMarker } = result.data;
  return (
    <FunctionBrowser
      initial={result.data.functions}
      {...(nextMarker ? { rest: chainFunctionPages(target, nextMarker) } : {})}
      empty={
        <EmptyState title="No functions yet">
          {target.label} has no functions.{" "}
          {canWrite ? (
            <Link href="/functions/new" className="text-blue-700 underline dark:text-blue-400">
              Create one
            </Link>
          ) : (
            "Someone with write access can create one."
          )}
        </EmptyState>
      }
      canWrite={canWrite}
      deleteAction={bulkDeleteFunctions}
      publishAction={bulkPublishVersions}
      tagAction={bulkTagFunctions}
    />
  );
}
