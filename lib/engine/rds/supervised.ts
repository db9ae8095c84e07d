import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import type { ServerUser } from "./server-user";

export interface SupervisedOptions {
  name: string;
  file: string;
  args: string[];
  user: ServerUser;
  /** The TCP port on 127.0.0.1 that answers once the server is ready. */
  port: number;
  /** Restart after an exit nobody asked for (crash, kill -9). */
  restart: boolean;
  onRestart?: () => void;
}

/**
 * One server process (postgres, pgbouncer): readiness (its port accepts) raced against its exit,
 * stderr kept for the error, restarted when it dies unasked, `stop()` idempotent and awaited.
 */
export class Supervised {
  private child: ChildProcess | undefined;
  private stopping = false;
  private stderr = "";
  restarts = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SupervisedOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    this.stopping = false;
    const { file, args, user } = this.opts;
    const child = spawn(file, args, {
      env: user.env,
      uid: user.uid,
      gid: user.gid,
      stdio: ["ignore", "pipe", "pipe"],
      cwd: "/",
    });
    this.child = child;
    this.stderr = "";
    const keep = (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-4000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let exitedEarly: ((err: Error) => void) | undefined;
    this.exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        resolve();
        exitedEarly?.(
          new Error(`${this.opts.name} exited (${code ?? signal}): ${this.stderr.trim()}`),
        );
        if (this.child === child) this.child = undefined;
        if (!this.stopping && this.opts.restart) {
          this.restarts++;
          setTimeout(() => {
            if (this.stopping) return;
            this.start().then(
              () => this.opts.onRestart?.(),
              (err: Error) =>
                console.error(`[engine] ${this.opts.name} restart failed: ${err.message}`),
            );
          }, 200).unref();
        }
      });
    });
    child.once("error", (err) => exitedEarly?.(err));
    await new Promise<void>((resolve, reject) => {
      exitedEarly = reject;
      const deadline = Date.now() + timeoutMs;
      const probe = () => {
        if (this.child !== child) return;
        const s = net.connect({ host: "127.0.0.1", port: this.opts.port });
        s.once("connect", () => {
          s.destroy();
          exitedEarly = undefined;
          resolve();
        });
        s.once("error", () => {
          s.destroy();
          if (Date.now() > deadline) {
            exitedEarly = undefined;
            reject(new Error(`${this.opts.name} did not start in time: ${this.stderr.trim()}`));
          } else setTimeout(probe, 50);
        });
      };
      probe();
    });
  }

  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  /** Stops the process (SIGINT: fast shutdown for postgres, immediate for pgbouncer). */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGINT");
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(t);
  }
}

/** A free TCP port on 127.0.0.1 (the kernel's pick, released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}
