import crypto from "node:crypto";

const cache = new Map<string, string>();

/**
 * The runtime version ARN AWS shows in RuntimeVersionConfig and INIT_START lines:
 * arn:aws:lambda:<region>::runtime:<64 hex>. The engine has one version per runtime, so the
 * hash is derived from the runtime's name: stable across restarts and machines.
 */
export function runtimeVersionArn(region: string, runtime: string): string {
  const key = `${region}\n${runtime}`;
  let arn = cache.get(key);
  if (arn === undefined) {
    const hex = crypto.createHash("sha256").update(`lambda-console/${runtime}`).digest("hex");
    arn = `arn:aws:lambda:${region}::runtime:${hex}`;
    cache.set(key, arn);
  }
  return arn;
}
