import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-10">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        There is nothing at this address.
      </p>
      <Link
        href="/"
        className="mt-4 inline-block text-sm text-blue-700 underline dark:text-blue-400"
      >
        Back to the dashboard
      </Link>
    </main>
  );
}
