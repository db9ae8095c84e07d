import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  /** The form's main action (Create function, Deploy). */
  primary:
    "rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60",
  /** Everything else: Save, Add, Remove, Reveal. */
  secondary:
    "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

/** The class of a button, for the few links and labels styled as one. */
export const buttonClass = (variant: ButtonVariant = "secondary") => VARIANTS[variant];

/** A button; `type` defaults to "button" so that only the submit button submits a form. */
export function Button({
  variant = "secondary",
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return (
    <button
      type={type}
      className={className ? `${VARIANTS[variant]} ${className}` : VARIANTS[variant]}
      {...props}
    />
  );
}
