import type { ReactNode } from "react";

/** Text inputs, selects and textareas of the create forms; invalid ones get a red border. */
export const controlClass =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-950";

/** The compact control of the configuration forms. */
export const compactControlClass =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-950";

/** A field's error messages; `id` lets the control point at them with aria-describedby. */
export function FieldErrors({
  errors,
  id,
}: {
  errors: readonly string[] | undefined;
  id?: string;
}) {
  return errors?.length ? (
    <span id={id} className="block text-xs text-red-700 dark:text-red-400">
      {errors.join(" ")}
    </span>
  ) : null;
}

export const errorId = (id: string) => `${id}-error`;

/**
 * A label, the control, a hint and the field's errors. With `htmlFor` the label sits above the
 * control (which must carry that id; errors get `<id>-error`); without it the label wraps the
 * control, as the compact configuration forms lay out.
 */
export function Field({
  label,
  htmlFor,
  hint,
  errors,
  className,
  children,
}: {
  label: ReactNode;
  htmlFor?: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  className?: string;
  children: ReactNode;
}) {
  const hintLine =
    hint && !errors?.length ? (
      <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
    ) : null;
  if (!htmlFor)
    return (
      <label className={`flex flex-col text-sm ${className ?? ""}`}>
        {label}
        {children}
        {hintLine}
        <FieldErrors errors={errors} />
      </label>
    );
  return (
    <div className={`space-y-1 ${className ?? ""}`}>
      <label htmlFor={htmlFor} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hintLine}
      <FieldErrors errors={errors} id={errorId(htmlFor)} />
    </div>
  );
}
