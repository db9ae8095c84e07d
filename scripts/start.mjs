// `npm start` (and `npm run dev` with --dev): the local engine, then the console, each waited for,
// output prefixed, all stopped together. Later features add their helpers to HELPERS below.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Supervisor, waitForHttp, waitForPort } from "./lib/supervisor.mjs";
import { buildIsStale } from "./lib/build-state.mjs";
import { compiledEngine } from "./lib/build-engine.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const enginePort = Number(process.env.LAMBDA_ENGINE_PORT || 9001);
const idpPort = Number(process.env.LAMBDA_IDP_PORT || 9010);
// Without an external issuer the console signs in through the embedded IdP (lib/idp, issue 6).
const embeddedIdp = !process.env.AUTH_OIDC_ISSUER;
const node = process.execPath;
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

// The same installer `npm test` runs (one package list): as root it installs what is missing; not
// as root it names the exact command, and we start what can run (the banner names the rest).
const setup = spawnSync("bash", [path.join(root, "scripts/install-system-packages.sh")], {
  cwd: root,
  stdio: "inherit",
});
if (setup.status !== 0) {
  console.warn(
    "[start] system packages are missing (see above): starting what can run; every console page names what is degraded and the command that fixes it",
  );
}
// Roles per target (issue 13): a mistake in the targets file stops the start, with the reason.
const checked = spawnSync(node, ["--import", "tsx", path.join(root, "scripts/check-config.ts")], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
if (checked.status !== 0) process.exit(checked.status ?? 1);

if (!dev) {
  const stale = buildIsStale(root);
  if (stale) {
    console.log(`[start] building the console (${stale})…`);
    const r = spawnSync(node, [nextBin, "build"], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
    });
    if (r.status !== 0) {
      console.error("[start] the console's build failed; see above");
      process.exit(r.status ?? 1);
    }
  }
}

// Issue 18: the engine runs as compiled JavaScript (.engine-dist/main.mjs, rebuilt here when older
// than its sources), not through a TypeScript loader: start → ready in a fraction of the time.
const engineMain = await compiledEngine();

const sup = new Supervisor();
try {
  await sup.start({
    name: "engine",
    cmd: node,
    args: [engineMain],
    cwd: root,
    env: { LAMBDA_ENGINE_PORT: String(enginePort) },
    ready: () => waitForPort(enginePort),
  });
  if (embeddedIdp) {
    await sup.start({
      name: "idp",
      cmd: node,
      args: ["--import", "tsx", path.join(root, "lib/idp/main.ts")],
      cwd: root,
      env: { LAMBDA_IDP_PORT: String(idpPort), PORT: String(port) },
      ready: () => waitForHttp(`http://127.0.0.1:${idpPort}/.well-known/openid-configuration`),
    });
  }
  await sup.start({
    name: "console",
    cmd: node,
    // Run next's own entry (not npx) so the PID we supervise is the server (notes/auth.md §10).
    args: [nextBin, dev ? "dev" : "start", "-H", "127.0.0.1", "-p", String(port)],
    cwd: root,
    env: {
      LAMBDA_ENGINE_PORT: String(enginePort),
      PORT: String(port),
      LAMBDA_IDP_PORT: String(idpPort),
    },
    ready: () => waitForHttp(`http://127.0.0.1:${port}/`),
  });
} catch (err) {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  sup.stopAll(1);
}
if (!sup.stopping) {
  console.log("");
  console.log(`[start] Lambda Console is ready: http://localhost:${port}`);
  console.log(`[start] local engine (AWS CLI / SDK endpoint): http://127.0.0.1:${enginePort}`);
  // Issue 21: function URLs are served on their own port (LAMBDA_ENGINE_URL_PORT, default +1).
  const urlPort = Number(
    process.env.LAMBDA_ENGINE_URL_PORT || (enginePort === 0 ? 0 : enginePort + 1),
  );
  console.log(`[start] function URLs: http://<url-id>.lambda-url.<region>.localhost:${urlPort}/`);
  if (embeddedIdp) {
    console.log(
      `[start] sign-in: local identity provider at http://127.0.0.1:${idpPort} (first start prints the admin password above; \`npm run users\` manages users)`,
    );
  } else {
    console.log(`[start] sign-in: ${process.env.AUTH_OIDC_NAME || process.env.AUTH_OIDC_ISSUER}`);
  }
  console.log("[start] Ctrl-C stops everything");
}
