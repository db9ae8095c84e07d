import fs from "node:fs";
import { detectCgroup, type CgroupSupport } from "./cgroup";

export interface Isolation {
  /** Path of bubblewrap, when installed and not opted out. */
  bwrap?: string;
  /** Path of slirp4netns: outbound access for each sandbox's own network namespace. */
  slirp?: string;
  /** python3, which makes a sandbox's Runtime API socket inside its network namespace. */
  python?: string;
  /** Memory cgroups, when writable here. */
  cgroup?: CgroupSupport;
  /** True when the operator ran the engine with LAMBDA_ENGINE_SANDBOX=none (functions unsandboxed). */
  optedOut: boolean;
  /** Why functions get no outbound access here, when they cannot (slirp4netns needs /dev/net/tun). */
  outboundProblem?: string;
}

/** What the engine, its start line, its health report and the console's banner say of isolation. */
export interface IsolationStatus {
  /** True when functions run in a sandbox with their own network namespace. */
  enforced: boolean;
  /** "bubblewrap+slirp4netns", "none (LAMBDA_ENGINE_SANDBOX=none)" or "unavailable". */
  sandbox: string;
  memory: string;
  /** Set while isolation is off or missing: what is wrong, in one sentence. */
  problem?: string;
  /** The command that fixes it. */
  fix?: string;
}

let cached: Isolation | undefined;

const find = (names: string[]) => names.find((p) => fs.existsSync(p));

/**
 * Detects, once, what isolation this host offers. LAMBDA_ENGINE_SANDBOX=none is the operator's
 * explicit opt-out (functions then run as plain host processes); LAMBDA_ENGINE_CGROUPS=none turns
 * the cgroup limits off. LAMBDA_ENGINE_BWRAP / LAMBDA_ENGINE_SLIRP4NETNS name other binaries (tests
 * point them at a missing path to see the engine refuse).
 */
export function detectIsolation(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Isolation {
  if (cached && env === process.env) return cached;
  const optedOut = env.LAMBDA_ENGINE_SANDBOX === "none";
  const iso: Isolation = {
    optedOut,
    bwrap: optedOut
      ? undefined
      : find(
          env.LAMBDA_ENGINE_BWRAP ? [env.LAMBDA_ENGINE_BWRAP] : ["/usr/bin/bwrap", "/bin/bwrap"],
        ),
    slirp: optedOut
      ? undefined
      : find(
          env.LAMBDA_ENGINE_SLIRP4NETNS
            ? [env.LAMBDA_ENGINE_SLIRP4NETNS]
            : ["/usr/bin/slirp4netns", "/bin/slirp4netns"],
        ),
    python: find(["/usr/bin/python3"]),
    cgroup: env.LAMBDA_ENGINE_CGROUPS === "none" ? undefined : detectCgroup(),
    outboundProblem: tunProblem(),
  };
  if (env === process.env) cached = iso;
  return iso;
}

/** Without root, slirp4netns opens /dev/net/tun as this user (Debian makes it 0666). */
function tunProblem(): string | undefined {
  if (process.getuid?.() === 0) return undefined;
  try {
    fs.accessSync("/dev/net/tun", fs.constants.R_OK | fs.constants.W_OK);
    return undefined;
  } catch {
    return "functions have no outbound access: /dev/net/tun is not readable and writable by this user (fix: sudo chmod 666 /dev/net/tun)";
  }
}

/** True when functions may run: a full sandbox, or the operator's explicit opt-out. */
export function canRunFunctions(iso: Isolation): boolean {
  return iso.optedOut || Boolean(iso.bwrap && iso.slirp && iso.python);
}

const INSTALL =
  "sudo bash scripts/install-system-packages.sh (installs bubblewrap, slirp4netns and python3)";

/** The isolation in force, for the start line, /health and the console's banner. */
export function isolationStatus(iso: Isolation = detectIsolation()): IsolationStatus {
  const memory = iso.cgroup
    ? `cgroup v${iso.cgroup.version} memory limits`
    : "memory limited by the runtime's heap flag only (cgroups not writable)";
  if (iso.bwrap && iso.slirp && iso.python)
    return { enforced: true, sandbox: "bubblewrap+slirp4netns", memory };
  if (iso.optedOut)
    return {
      enforced: false,
      sandbox: "none (LAMBDA_ENGINE_SANDBOX=none)",
      memory,
      problem:
        "Function isolation is off (LAMBDA_ENGINE_SANDBOX=none): functions run as plain host processes and can read the engine's data.",
      fix: `unset LAMBDA_ENGINE_SANDBOX and ${INSTALL}`,
    };
  const missing = [
    iso.bwrap ? undefined : "bubblewrap",
    iso.slirp ? undefined : "slirp4netns",
    iso.python ? undefined : "python3",
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    enforced: false,
    sandbox: "unavailable",
    memory,
    problem: `Functions cannot run: ${missing} not installed, and the engine never runs functions unsandboxed unless LAMBDA_ENGINE_SANDBOX=none.`,
    fix: INSTALL,
  };
}

/** Why a function cannot start here, as the API answers it (500 ServiceException), or undefined. */
export function sandboxRefusal(iso: Isolation): string | undefined {
  if (canRunFunctions(iso)) return undefined;
  const s = isolationStatus(iso);
  return `${s.problem ?? "Functions cannot run here."} Fix: ${s.fix ?? ""}`.trim();
}

/** One line saying which isolation is in force, for the start line. */
export function isolationSummary(): string {
  const s = isolationStatus();
  if (!s.enforced) return `${s.sandbox}: ${s.problem} Fix: ${s.fix}`;
  const outbound = detectIsolation().outboundProblem;
  return `${s.sandbox} + ${s.memory}${outbound ? `; ${outbound}` : ""}`;
}
