import fs from "node:fs";
import path from "node:path";
import { resolveDataDir } from "../data-dir";
import type { EnvVars, Target } from "./types";

export const LOCAL_TARGET_ID = "local";

/** The local engine target; it always exists, whatever the configuration says. */
export function resolveLocalTarget(env: EnvVars = process.env): Target {
  const port = env.LAMBDA_ENGINE_PORT || "9001";
  return {
    id: LOCAL_TARGET_ID,
    label: "Local engine",
    kind: "local",
    region: env.LAMBDA_ENGINE_REGION || "us-east-1",
    environment: "local",
    color: "green",
    endpoint: `http://127.0.0.1:${port}`,
  };
}

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type LocalCredentialsResult =
  { ok: true; credentials: StaticCredentials } | { ok: false; message: string };

/**
 * The engine's credentials: the env vars win, else the file the engine writes on first start.
 * Read on every call because a fresh data dir gets new keys when the engine restarts.
 */
export function resolveLocalCredentials(env: EnvVars = process.env): LocalCredentialsResult {
  const accessKeyId = env.LAMBDA_ENGINE_ACCESS_KEY_ID;
  const secretAccessKey = env.LAMBDA_ENGINE_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey)
    return { ok: true, credentials: { accessKeyId, secretAccessKey } };
  const file = path.join(resolveDataDir(env), "engine-credentials.json");
  let raw: string;
  try {
    raw = fs.readFileSync(/* turbopackIgnore: true */ file, "utf8");
  } catch {
    return {
      ok: false,
      message: `No engine credentials at ${file}; the engine writes them on its first start.`,
    };
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "accessKeyId" in parsed &&
      "secretAccessKey" in parsed &&
      typeof parsed.accessKeyId === "string" &&
      typeof parsed.secretAccessKey === "string"
    ) {
      return {
        ok: true,
        credentials: { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey },
      };
    }
  } catch {
    // fall through to the same message as a wrong shape
  }
  return { ok: false, message: `${file} does not hold {accessKeyId, secretAccessKey}.` };
}
