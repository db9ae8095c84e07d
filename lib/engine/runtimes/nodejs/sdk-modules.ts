import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { privateDir } from "../../sandbox/private-dir";

/** The SDK clients Lambda's Node.js runtimes provide that this engine also serves. */
const PROVIDED = [
  "@aws-sdk/client-lambda",
  "@aws-sdk/client-cloudwatch-logs",
  "@aws-sdk/client-cloudwatch",
];

let prepared: string | undefined;

/** The installed package's folder, looked up as Node does (package.json may be hidden by "exports"). */
function packageDir(name: string): string | undefined {
  for (const base of createRequire(import.meta.url).resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  }
  return undefined;
}

/** The provided clients and everything they depend on, as top-level package names. */
function closure(): Map<string, string> {
  const found = new Map<string, string>();
  const queue = [...PROVIDED];
  while (queue.length > 0) {
    const name = queue.pop() ?? "";
    if (found.has(name)) continue;
    const dir = packageDir(name);
    if (!dir) continue;
    found.set(name, dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<
      string,
      Record<string, string> | undefined
    >;
    // Optional and peer dependencies count when installed (packageDir skips absent ones).
    for (const field of ["dependencies", "optionalDependencies", "peerDependencies"])
      queue.push(...Object.keys(pkg[field] ?? {}));
  }
  return found;
}

/**
 * A node_modules holding only the AWS SDK (as Lambda's /var/runtime/node_modules does), built once
 * per SDK version with hard links (a copy where links fail), outside the data dir. Functions see it
 * read-only; they never see the engine's other packages.
 */
export function prepareSdkModules(): string {
  if (prepared) return prepared;
  const pkgs = closure();
  const key = crypto.createHash("sha256");
  for (const [name, dir] of [...pkgs].sort()) {
    key.update(
      name +
        "@" +
        (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string })
          .version,
    );
  }
  const root = path.join(privateDir(), `sdk-${key.digest("hex").slice(0, 16)}`);
  const modules = path.join(root, "node_modules");
  if (!fs.existsSync(modules)) {
    const tmp = `${root}.${process.pid}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const [name, dir] of pkgs) {
      const dest = path.join(tmp, "node_modules", name);
      fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o755 });
      try {
        // Hard links where the kernel allows them (not to another user's files: protected_hardlinks).
        execFileSync("cp", ["-al", dir, dest], { stdio: "ignore" });
      } catch {
        fs.rmSync(dest, { recursive: true, force: true });
        fs.cpSync(dir, dest, { recursive: true });
      }
    }
    fs.chmodSync(tmp, 0o755);
    try {
      fs.renameSync(tmp, root);
    } catch {
      // another engine on this machine built it first
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  prepared = modules;
  return modules;
}
