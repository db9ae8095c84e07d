import crypto from "node:crypto";

/**
 * The runtime version an environment reports in INIT_START, as Lambda names its own:
 * "nodejs:20.v1", "python:3.12.v1", "provided:al2023.v1" (family, colon, version; the engine's
 * runtimes have one version each).
 */
export function runtimeVersionName(runtime: string): string {
  const m = /^([a-z]+)(.*)$/.exec(runtime.replace(/\.x$/, ""));
  const family = m?.[1] ?? runtime;
  const rest = (m?.[2] ?? "").replace(/^\./, "");
  return `${family}:${rest || "1"}.v1`;
}

/**
 * The Runtime Version ARN in Lambda's form, arn:aws:lambda:<region>::runtime:<64 hex>: a digest
 * naming this engine's version of the runtime, stable across restarts.
 */
export function runtimeVersionArn(region: string, runtime: string): string {
  const digest = crypto
    .createHash("sha256")
    .update(`lambda-console:${runtimeVersionName(runtime)}`)
    .digest("hex");
  return `arn:aws:lambda:${region}::runtime:${digest}`;
}

/** The region of a function ARN (arn:aws:lambda:<region>:<account>:function:<name>). */
export function regionOfArn(functionArn: string): string {
  return functionArn.split(":")[3] ?? "us-east-1";
}

/** The name and ARN a function's INIT_START line and RuntimeVersionConfig report. */
export function runtimeVersionOf(
  runtime: string,
  functionArn: string,
): { name: string; arn: string } {
  return {
    name: runtimeVersionName(runtime),
    arn: runtimeVersionArn(regionOfArn(functionArn), runtime),
  };
}
