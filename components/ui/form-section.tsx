import type { ReactNode } from "react";

/** A titled group of fields inside a form (a fieldset, so its legend names the group). */
export function FormSection({
  legend,
  children,
  className = "space-y-3",
}: {
  legend: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={`rounded-md border border-zinc-200 p-3 dark:border-zinc-800 ${className}`}>
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {children}
    </fieldset>
  );
}
