"use client";

/** Unexpected failures land here; the details stay in the server log, matched by the digest. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    typeof error === "object" &&
    error !== null &&
    "digest" in error &&
    typeof error.digest === "string"
      ? error.digest
      : undefined;
  return (
    <div
      role="alert"
      className="max-w-xl rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/40"
    >
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        The console could not show this page. Try again; if it keeps failing, the server log has the
        details{digest ? ` (reference ${digest})` : ""}.
      </p>
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        Try again
      </button>
    </div>
  );
}
