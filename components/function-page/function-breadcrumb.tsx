import Link from "next/link";

/**
 * Functions / <name> / … above a function's sub-pages. Configuration sections link back to the
 * function's Configuration tab; other sub-pages (image, code signing) to the function.
 */
export function FunctionBreadcrumb({
  name,
  section,
  configuration = false,
}: {
  name: string;
  section: string;
  configuration?: boolean;
}) {
  const base = `/functions/${encodeURIComponent(name)}`;
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
      <Link href="/functions" className="hover:underline">
        Functions
      </Link>{" "}
      /{" "}
      <Link href={configuration ? `${base}?tab=configuration` : base} className="hover:underline">
        {name}
      </Link>{" "}
      / {configuration ? `Configuration / ${section}` : section}
    </nav>
  );
}
