import path from "node:path";

/** Ports and data dir of the console + engine the e2e specs run against (see playwright.config.ts). */
export const E2E_PORT = 3100;
export const E2E_ENGINE_PORT = 9101;
export const E2E_DATA_DIR = ".tmp/e2e-data";
export const E2E_ROOT = path.resolve(import.meta.dirname, "..", "..");
