/** The honest state of a page a later issue fills: what it will do and where that is tracked. */
export function NotYetAvailable({ willDo, tracking }: { willDo: string; tracking: string }) {
  return (
    <section className="max-w-2xl rounded-lg border border-dashed border-zinc-300 bg-white p-6 dark:border-zinc-700 dark:bg-zinc-900">
      <h2 className="text-base font-semibold">Not yet available</h2>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{willDo}</p>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{tracking}</p>
    </section>
  );
}
