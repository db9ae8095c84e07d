import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Modules that hold credentials or stores import "server-only" (issue 13); Next resolves it, tests
  // run them on the server anyway.
  "server-only": path.resolve(
    import.meta.dirname,
    "node_modules/next/dist/compiled/server-only/empty.js",
  ),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "engine",
          include: ["lib/**/*.spec.ts", "test/**/*.spec.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Engine specs start real runtimes; two cores cannot take many at once.
          maxWorkers: 2,
          // CI retries a failed spec once, as Playwright does there: a safety net for real
          // runtimes started on a loaded CI machine; a real failure fails twice.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
