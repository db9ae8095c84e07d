import packageJson from "../../package.json";
import { embeddedIssuer } from "../idp/config";
import { resolveLocalTarget } from "../targets/local-target";
import type { EnvVars } from "../targets/types";
import { readEngineHealth, type EngineHealthReport } from "./engine-health";
import { probeJson } from "./probe";

type Status = "ok" | "degraded" | "unreachable";

/** GET /health of the console: nothing in it is secret (no keys, no session, no paths). */
export interface ConsoleHealth {
  status: "ok" | "degraded";
  components: {
    console: { status: "ok"; version: string; node: string };
    /** The local engine's own report, or why it could not be read. */
    engine:
      | ({ endpoint: string } & EngineHealthReport)
      | { status: "unreachable"; endpoint: string; problem: string };
    idp: {
      status: Status;
      issuer: string;
      embedded: boolean;
      /** The embedded IdP is part of this product: its version. */
      version?: string;
      problem?: string;
    };
    /** The engine's own components, lifted for monitors that read one level (issue 19). */
    sandbox?: unknown;
    registry?: unknown;
    databases?: unknown;
  };
}

async function idpHealth(env: EnvVars): Promise<ConsoleHealth["components"]["idp"]> {
  const external = env.AUTH_OIDC_ISSUER?.trim();
  const issuer = external || embeddedIssuer(env);
  const base = {
    issuer,
    embedded: !external,
    ...(external ? {} : { version: packageJson.version }),
  };
  const probe = await probeJson(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`);
  if (!probe.ok) return { ...base, status: "unreachable", problem: probe.problem };
  const advertised =
    typeof probe.json === "object" && probe.json !== null && "issuer" in probe.json
      ? probe.json.issuer
      : undefined;
  // Auth.js refuses an issuer that differs from the discovery document's, so sign-in would fail.
  if (advertised !== issuer)
    return {
      ...base,
      status: "degraded",
      problem: `its discovery document names issuer ${JSON.stringify(advertised)}`,
    };
  return { ...base, status: "ok" };
}

/** The console, the local engine and the IdP, each read with a short timeout (cached briefly). */
export async function readConsoleHealth(env: EnvVars = process.env): Promise<ConsoleHealth> {
  const [engineReading, idp] = await Promise.all([
    readEngineHealth(resolveLocalTarget(env)),
    idpHealth(env),
  ]);
  const engine: ConsoleHealth["components"]["engine"] = engineReading.reachable
    ? { endpoint: engineReading.endpoint, ...engineReading.report }
    : { status: "unreachable", endpoint: engineReading.endpoint, problem: engineReading.problem };
  const components: ConsoleHealth["components"] = {
    console: { status: "ok", version: packageJson.version, node: process.version },
    engine,
    idp,
    ...(engineReading.reachable
      ? {
          sandbox: engineReading.report.components.sandbox,
          registry: engineReading.report.components.registry,
          databases: (engineReading.report.components as Record<string, unknown>).databases,
        }
      : {}),
  };
  const degraded = engine.status !== "ok" || idp.status !== "ok";
  return { status: degraded ? "degraded" : "ok", components };
}
