import type { EnvVars } from "../config";

/**
 * How the engine may reach registries for a pull. TLS is verified for every registry except
 * loopback ones and those the operator lists in LAMBDA_ENGINE_INSECURE_REGISTRIES.
 */
export interface RegistryAccess {
  /** host:port (that port only) or host (any port), lowercase. */
  insecureRegistries?: readonly string[];
  /** containers-auth.json naming the local registry's host only (its credentials go nowhere else). */
  authFile?: string;
}

const ENTRY = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::\d{1,5})?$/;

/**
 * LAMBDA_ENGINE_INSECURE_REGISTRIES: comma-separated `host:port` or `host` entries whose
 * registries are reached without TLS verification (plain HTTP, or a certificate not trusted
 * here). Entries that are not a registry host are returned in `invalid`, not used.
 */
export function insecureRegistriesFromEnv(env: EnvVars = process.env): {
  registries: string[];
  invalid: string[];
} {
  const registries: string[] = [];
  const invalid: string[] = [];
  for (const part of (env.LAMBDA_ENGINE_INSECURE_REGISTRIES ?? "").split(",")) {
    const entry = part.trim().toLowerCase();
    if (!entry) continue;
    (ENTRY.test(entry) ? registries : invalid).push(entry);
  }
  return { registries, invalid };
}

function splitHostPort(registry: string): { host: string; port?: string } {
  const m = /^(.*?)(?::(\d+))?$/.exec(registry.toLowerCase());
  const host = m?.[1] ?? registry.toLowerCase();
  return m?.[2] ? { host, port: m[2] } : { host };
}

/**
 * True for 127.0.0.0/8 (plain dotted quads only: "127.1" or "127.000.0.1" are names a resolver
 * may send anywhere), localhost and [::1].
 */
export function isLoopbackRegistry(registry: string): boolean {
  const { host } = splitHostPort(registry);
  if (host === "localhost" || host === "[::1]") return true;
  const octets = host.split(".");
  return (
    octets.length === 4 &&
    octets[0] === "127" &&
    octets.every((o) => /^(?:0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255)
  );
}

/** Whether skopeo must verify the registry's TLS certificate (and so never fall back to HTTP). */
export function verifiesTls(registry: string, access: RegistryAccess = {}): boolean {
  if (isLoopbackRegistry(registry)) return false;
  const { host, port } = splitHostPort(registry);
  const listed = (access.insecureRegistries ?? []).some((entry) => {
    const e = splitHostPort(entry);
    return e.host === host && (e.port === undefined || e.port === port);
  });
  return !listed;
}

/** True when skopeo's error says the registry does not offer HTTPS with a certificate trusted here. */
export function isTlsFailure(message: string): boolean {
  return /server gave HTTP response to HTTPS client|x509:|certificate|tls: /i.test(message);
}
