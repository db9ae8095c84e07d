import type { SelectHTMLAttributes } from "react";
import { controlClass } from "./field";

export type SelectOption = string | { value: string; label: string };

/** A select over a list of options (plain strings are their own label). */
export function Select({
  options,
  className = controlClass,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  options: readonly SelectOption[];
}) {
  return (
    <select className={className} {...props}>
      {options.map((o) =>
        typeof o === "string" ? (
          <option key={o} value={o}>
            {o}
          </option>
        ) : (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ),
      )}
    </select>
  );
}
