import fs from "node:fs";
import path from "node:path";
import { resolveDataDir } from "../data-dir";
import type { EnvVars } from "../targets/types";
import type { RegistryEndpoint } from "./client";
import {
  basicAuthorization,
  readRegistryCredentials,
  registryCredentialsFile,
} from "./credentials";

interface LocalRegistryAddress extends RegistryEndpoint {
  /** http://127.0.0.1:<port>, for the console's own calls. */
  url: string;
  /** 127.0.0.1:<port>, the registry part of an ImageUri the engine pulls. */
  host: string;
  /** "Basic ...": the registry refuses anonymous requests. */
  authorization: string;
}

export type LocalRegistryLookup =
  { ok: true; registry: LocalRegistryAddress } | { ok: false; message: string };

/**
 * Where the engine's registry listens, by the engine's rule (LAMBDA_REGISTRY_PORT: unset → 5000,
 * "off" → none), and the credentials the engine keeps in the data dir. With "0" the engine picked
 * a port, which only its config file in the data dir knows, so it is read from there.
 */
export function findLocalRegistry(env: EnvVars = process.env): LocalRegistryLookup {
  const raw = env.LAMBDA_REGISTRY_PORT;
  if (raw === "off" || raw === "none")
    return {
      ok: false,
      message: "The local image registry is turned off (LAMBDA_REGISTRY_PORT=off).",
    };
  const dataDir = resolveDataDir(env);
  let port = raw === undefined || raw === "" ? 5000 : Number(raw);
  if (port === 0) {
    const file = path.join(dataDir, "registry", "config.yml");
    let yml = "";
    try {
      yml = fs.readFileSync(/* turbopackIgnore: true */ file, "utf8");
    } catch {
      return { ok: false, message: `The local image registry has not started yet (no ${file}).` };
    }
    port = Number(/addr:\s*127\.0\.0\.1:(\d+)/.exec(yml)?.[1] ?? NaN);
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    return { ok: false, message: `LAMBDA_REGISTRY_PORT must be a port, 0 or "off", got "${raw}".` };
  const credentials = readRegistryCredentials(dataDir);
  if (!credentials)
    return {
      ok: false,
      message: `The local image registry has not started yet (no ${registryCredentialsFile(dataDir)}).`,
    };
  const host = `127.0.0.1:${port}`;
  return {
    ok: true,
    registry: { url: `http://${host}`, host, authorization: basicAuthorization(credentials) },
  };
}
