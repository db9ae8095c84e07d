import type { SessionCredentials } from "../credentials";
import type { MemoryCgroup } from "../sandbox/cgroup";
import type { SandboxProcess } from "../sandbox/remote-spawn";
import { RUNTIME_API_PORT_INSIDE } from "../sandbox/network";
import type { EnvironmentLog } from "../logs/environment-log";
import type { ExtensionHost, ShutdownReason } from "../extensions/extension-host";
import { RuntimeApiServer } from "./runtime-api-server";
import { EnvironmentEvents } from "./environment-events";
import { PeakMemory } from "./peak-memory";
import type { EnvironmentDeps, EnvironmentState } from "./environment-deps";

/**
 * The running side of an execution environment: the process it owns, what it holds meanwhile
 * (cgroup, session credentials, sockets served in its namespace, task dir), and how its end,
 * kill and dispose free them. ExecutionEnvironment (environment.ts) starts the process.
 */
export abstract class EnvironmentProcess extends EnvironmentEvents {
  state: EnvironmentState = "new";
  /** Drain and kill after the current invocation (code or configuration changed). */
  retired = false;
  abstract readonly log: EnvironmentLog;
  /** This environment's Runtime API (a standby's, when one was adopted). */
  rapi = new RuntimeApiServer(this.emit);
  /** Its extensions and their Extensions / Telemetry APIs (lib/engine/extensions). */
  ext: ExtensionHost | undefined;
  protected child: SandboxProcess | undefined;
  protected cgroup: MemoryCgroup | undefined;
  protected creds: SessionCredentials | undefined;
  /** Settles once the process runs or its start gave up (dispose waits for it). */
  protected launched: Promise<unknown> | undefined;
  protected removeTaskDir: (() => void) | undefined;
  /** Closers of the sockets served inside its namespace (the engine's API, database proxies). */
  private readonly closers: (() => void)[] = [];
  protected serveFeature: ((port: number, handle: unknown) => (() => void) | undefined)[] = [];
  private cleaned = false;
  private readonly peak = new PeakMemory();
  protected cgroupRemoved: Promise<void> | undefined;
  private disposal: Promise<void> | undefined;

  constructor(protected readonly deps: EnvironmentDeps) {
    super();
  }

  /** The sandbox's process id while it runs (specs check that dispose leaves none). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Its memory cgroup's directory, when one enforces the limit. */
  get cgroupDir(): string | undefined {
    return this.cgroup?.dir;
  }

  /** Takes the process: its end is this environment's end. */
  protected own(child: SandboxProcess): void {
    this.child = child;
    child.on("error", (err) => {
      this.log.line(`[lambda-console] could not start the runtime: ${err.message}`);
      this.onExit(null, null);
    });
    // 'close' comes after the pipes drain (the last lines are logged); a grandchild holding
    // them open must not delay the verdict, hence the short cap.
    child.on("exit", (code, signal) => {
      const t = setTimeout(() => this.onExit(code, signal), 100);
      child.once("close", () => {
        clearTimeout(t);
        this.onExit(code, signal);
      });
    });
    // A standby may have died while it was being assigned, before these listeners existed.
    if (child.exitCode !== null || child.signalCode !== null)
      this.onExit(child.exitCode, child.signalCode);
  }

  /** A listening socket of the sandbox's namespace: its Runtime API, or the engine's API. */
  protected serveInside(port: number, handle: unknown): void {
    if (port === RUNTIME_API_PORT_INSIDE) return this.rapi.listenOn(handle);
    if (this.cleaned) return void (handle as { close?: () => void }).close?.();
    for (const serve of this.serveFeature) {
      const close = serve(port, handle);
      if (close) return void this.closers.push(close);
    }
    const close = this.deps.ctx.serveApiOn?.(handle);
    if (close) this.closers.push(close);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitInfo) return;
    const oom = (this.cgroup?.oomKilled() ?? false) || this.log.sawHeapOom;
    this.exitWith({ code, signal, oom }, () => {
      this.state = "dead";
      this.cleanup();
    });
  }

  /** Peak memory use in MB, measured by the cgroup or the process tree's high-water mark. */
  maxMemoryUsedMb(): number {
    return this.peak.mb(this.child?.pid, this.cgroup);
  }

  /** After an invocation: ready for the next one, or gone when retired meanwhile. */
  settle(): void {
    if (this.state === "dead") return;
    if (this.retired) this.kill();
    else this.state = "idle";
  }

  /**
   * Ends the environment: extensions registered for SHUTDOWN get it first (reason, deadline),
   * then the process tree is killed and everything it holds freed. Idempotent; see dispose.
   */
  kill(reason: ShutdownReason = "spindown"): void {
    if (!this.exitInfo && this.deps.shutdowns?.begin(this.ext, reason, () => this.terminate())) {
      this.state = "dead";
      return;
    }
    this.terminate();
  }

  /**
   * Kills the environment (after its extensions' SHUTDOWN, as kill does) and resolves once its
   * process has exited and its cgroup is removed; a start under way stops where it is.
   * Idempotent: every call returns the same promise.
   */
  dispose(reason: ShutdownReason = "spindown"): Promise<void> {
    this.disposal ??= (async () => {
      this.kill(reason);
      await this.launched;
      await this.exited;
      await this.cgroupRemoved;
    })();
    return this.disposal;
  }

  protected terminate(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        if (child.pid && !this.deps.isolation.bwrap) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }
    if (!child) this.onExit(null, "SIGKILL");
    this.state = "dead";
    this.cleanup();
  }

  private cleanup(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    this.peak.freeze(this.child?.pid, this.cgroup);
    this.rapi.close();
    this.ext?.close();
    for (const close of this.closers) close();
    if (this.creds) this.deps.credentials.revoke(this.creds.accessKeyId);
    this.cgroupRemoved = this.cgroup?.remove();
    this.removeTaskDir?.();
    this.log.flushPartials();
  }
}
