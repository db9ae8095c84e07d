import path from "node:path";

/**
 * Environment variables as read by the engine, the IdP and the console. Not NodeJS.ProcessEnv:
 * Next's types make NODE_ENV required there, so tests could not pass a plain object.
 */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** The data directory of every process of the product: LAMBDA_CONSOLE_DATA_DIR, else ./.data. */
export function resolveDataDir(env: EnvVars = process.env): string {
  // The ignore comment stops Turbopack tracing the whole tree from a dynamic path.
  return path.resolve(/* turbopackIgnore: true */ env.LAMBDA_CONSOLE_DATA_DIR || ".data");
}
