/**
 * Why an image cannot be used, spelled with AWS's StateReasonCode / LastUpdateStatusReasonCode
 * values so the control plane can put them on the function as they are.
 */
export type ImageReasonCode =
  "ImageAccessDenied" | "ImageDeleted" | "InvalidImage" | "InternalError";

export class ImageError extends Error {
  constructor(
    readonly code: ImageReasonCode,
    /** The StateReason text: says what is wrong and with which image. */
    readonly reason: string,
    /** Tool output kept for the engine log; never shown as the StateReason. */
    readonly detail = "",
  ) {
    super(reason);
    this.name = "ImageError";
  }
}

/** Thrown when the local registry cannot start; `stderr` is the tail of what it printed. */
export class RegistryStartError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(stderr ? `${message}: ${lastLine(stderr)}` : message);
    this.name = "RegistryStartError";
  }
}

/** The most telling line of a Go tool's log output (the fatal one if any). */
export function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const fatal = lines.find((l) => /level=(fatal|error)/.test(l));
  const line = fatal ?? lines[lines.length - 1] ?? "";
  const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(line);
  return msg?.[1] ?? line;
}
