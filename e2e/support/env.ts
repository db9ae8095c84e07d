import path from "node:path";

/**
 * Ports and data dir of the console + engine the e2e specs run against (see playwright.config.ts).
 * E2E_PORT_OFFSET shifts every port, so two checkouts can run their e2e suites at once.
 */
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E_PORT = 3100 + OFFSET;
export const E2E_ENGINE_PORT = 9101 + OFFSET;
export const E2E_REGISTRY_PORT = 5101 + OFFSET;
export const E2E_IDP_PORT = 9110 + OFFSET;
/** A second console for the misconfigured-client spec (auth.spec.ts). */
export const E2E_SECOND_CONSOLE_PORT = 3102 + OFFSET;
/** The unsandboxed engine and its console (engine-health.spec.ts). */
export const E2E_UNSANDBOXED_CONSOLE_PORT = 3103 + OFFSET;
export const E2E_UNSANDBOXED_ENGINE_PORT = 9103 + OFFSET;
export const E2E_DATA_DIR = ".tmp/e2e-data";
export const E2E_ROOT = path.resolve(import.meta.dirname, "..", "..");
