import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      ".tmp/**",
      ".engine-dist/**",
      "backups/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
    },
  },
  {
    // Blueprint handlers and extensions are CommonJS Lambda code (require() is how a handler
    // loads a package from a layer's /opt/nodejs/node_modules through NODE_PATH).
    // The runtime's boot and its Runtime API client are CommonJS scripts too, run inside environments.
    files: [
      "lib/blueprints/catalog/**/*.js",
      "lib/engine/runtimes/nodejs/boot.cjs",
      "lib/engine/runtimes/nodejs/runtime-api-client.cjs",
    ],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];
export default config;
