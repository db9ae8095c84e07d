import type { AwsErrorInfo } from "@/lib/aws/errors";

const TITLES: Readonly<Record<AwsErrorInfo["kind"], string>> = {
  NotFound: "Not found",
  Forbidden: "Access denied",
  Throttled: "The target is throttling requests",
  Invalid: "The target refused the request",
  Conflict: "Conflict",
  Unavailable: "Cannot reach the target",
  Internal: "The target failed",
};

/** An expected error from the target, shown in place of the panel it broke. */
export function ErrorState({ error }: { error: AwsErrorInfo }) {
  return (
    <div
      role="alert"
      data-error-kind={error.kind}
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950/40"
    >
      <p className="font-semibold text-red-900 dark:text-red-200">{TITLES[error.kind]}</p>
      <p className="mt-1 text-zinc-800 dark:text-zinc-200">{error.message}</p>
    </div>
  );
}
