import fs from "node:fs";
import { detectCgroup, type CgroupSupport } from "./cgroup";

export interface Isolation {
  /** Path of bubblewrap, when installed. */
  bwrap?: string;
  /** Memory cgroups, when writable here. */
  cgroup?: CgroupSupport;
}

let cached: Isolation | undefined;

/**
 * Detects, once, what isolation this host offers. LAMBDA_ENGINE_SANDBOX=none turns bwrap off and
 * LAMBDA_ENGINE_CGROUPS=none the cgroup limits (to run or test the fallbacks on a capable host).
 */
export function detectIsolation(): Isolation {
  if (cached) return cached;
  const bwrap =
    process.env.LAMBDA_ENGINE_SANDBOX === "none"
      ? undefined
      : ["/usr/bin/bwrap", "/bin/bwrap"].find((p) => fs.existsSync(p));
  cached = {
    bwrap,
    cgroup: process.env.LAMBDA_ENGINE_CGROUPS === "none" ? undefined : detectCgroup(),
  };
  return cached;
}

/** One line saying which isolation is in force (bubblewrap, cgroups), for the start line. */
export function isolationSummary(): string {
  const iso = detectIsolation();
  const sandbox = iso.bwrap
    ? "bubblewrap"
    : "no sandbox (bubblewrap not found: functions run as plain processes)";
  const memory = iso.cgroup
    ? `cgroup v${iso.cgroup.version} memory limits`
    : "memory limited by the runtime's heap flag only (cgroups not writable)";
  return `${sandbox} + ${memory}`;
}
