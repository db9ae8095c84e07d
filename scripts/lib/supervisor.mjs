// Supervises the product's processes: start in order, wait for readiness (raced against exit so a
// crash at start cannot hang), prefix output, stop everything on Ctrl-C or when one dies.
import { spawn } from "node:child_process";
import net from "node:net";
import readline from "node:readline";

const COLORS = [36, 35, 33, 32, 34, 31];

export class Supervisor {
  /** @type {{ name: string, child: import("node:child_process").ChildProcess }[]} */
  procs = [];
  stopping = false;
  exitCode = 0;

  constructor({ onAllStopped } = {}) {
    this.onAllStopped = onAllStopped ?? ((code) => process.exit(code));
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => this.stopAll(0));
  }

  /**
   * Starts a process and resolves once `ready()` resolves; rejects if the process exits first.
   * @param {{ name: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string, ready: () => Promise<void> }} spec
   */
  async start(spec) {
    const color = COLORS[this.procs.length % COLORS.length];
    const prefix = process.stdout.isTTY
      ? `\x1b[${color}m[${spec.name}]\x1b[0m `
      : `[${spec.name}] `;
    // detached: each process leads its own group, so stopping it also stops its children.
    const child = spawn(spec.cmd, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.procs.push({ name: spec.name, child });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        // A process that already tags its lines with its own name is not tagged twice.
        const tagged = line.startsWith(`[${spec.name}] `) ? line.slice(spec.name.length + 3) : line;
        (stream === child.stderr ? process.stderr : process.stdout).write(prefix + tagged + "\n");
      });
    }
    const exited = new Promise((_, reject) => {
      child.once("exit", (code, signal) => {
        if (!this.stopping) {
          console.error(`${prefix}exited (${signal ?? code}); stopping everything`);
          this.stopAll(code || 1);
        }
        reject(new Error(`${spec.name} exited during start (${signal ?? code})`));
      });
    });
    exited.catch(() => {});
    await Promise.race([spec.ready(), exited]);
    return child;
  }

  /** Idempotent: SIGTERM every process group, SIGKILL after 5 s, then exit. */
  stopAll(code = 0) {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = code;
    const alive = this.procs.filter(
      (p) => p.child.exitCode === null && p.child.signalCode === null,
    );
    if (alive.length === 0) return this.onAllStopped(code);
    let left = alive.length;
    const timer = setTimeout(() => alive.forEach((p) => killGroup(p.child, "SIGKILL")), 5000);
    for (const p of alive.reverse()) {
      p.child.once("exit", () => {
        if (--left === 0) {
          clearTimeout(timer);
          this.onAllStopped(code);
        }
      });
      killGroup(p.child, "SIGTERM");
    }
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Resolves when something accepts TCP connections on host:port. */
export async function waitForPort(port, host = "127.0.0.1", timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, host);
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs / 1000} s`);
}

/** Resolves when an HTTP GET answers with any status. */
export async function waitForHttp(url, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
