import { publicRoute } from "@/lib/auth/define-route";
import { readConsoleHealth } from "@/lib/health/console-health";

// Read per request (the probes cache for a few seconds), never prerendered at build.
export const dynamic = "force-dynamic";

/**
 * GET /health: console, local engine and IdP status for probes and operators. Deliberately
 * without a session (proxy.ts lets it through): it holds no secret and changes nothing.
 */
export const GET = publicRoute("probes: holds no secret, changes nothing", async () =>
  Response.json(await readConsoleHealth(), { headers: { "cache-control": "no-store" } }),
);
