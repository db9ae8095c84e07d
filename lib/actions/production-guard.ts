import type { TargetEnvironment } from "../targets/types";

/**
 * The production guard (issue 13): on targets labelled production, destructive or
 * availability-changing actions run only with the function's name typed as `confirmation`.
 * Checked here, on the server, so a request posted without the dialog is refused too.
 */
export interface ConfirmationNeeded {
  message: string;
  /** The exact text to type. */
  expected: string;
}

/**
 * `names`: what the action would hit (null: this input is not destructive, e.g. reserving 5).
 * `what`: how the message names them when they are not functions, e.g. "the file system ID".
 */
export function checkProductionConfirmation(
  environment: TargetEnvironment,
  names: readonly string[] | null,
  confirmation: unknown,
  what?: string,
): ConfirmationNeeded | null {
  if (environment !== "production" || !names || names.length === 0) return null;
  const expected = names.join(", ");
  const typed = typeof confirmation === "string" ? confirmation.trim() : "";
  if (typed === expected) return null;
  return {
    expected,
    message:
      typed === ""
        ? `This target is production: type ${what ?? (names.length > 1 ? "the function names" : "the function name")} "${expected}" to confirm.`
        : `The confirmation does not match "${expected}"; nothing was changed.`,
  };
}
