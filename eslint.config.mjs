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
    // The runtime's boot is a CommonJS script too: the first thing a Node.js environment runs.
    files: ["lib/blueprints/catalog/**/*.js", "lib/engine/runtimes/nodejs/boot.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];
export default config;
