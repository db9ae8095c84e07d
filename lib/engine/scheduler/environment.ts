import crypto from "node:crypto";
import os from "node:os";
import type { EngineContext } from "../context";
import type { CredentialRegistry, SessionCredentials } from "../credentials";
import type { InvocationTarget } from "../functions/types";
import { proxySocketsFor, type ProxySockets } from "../rds/sandbox-sockets";
import { RuntimeApiServer, type RuntimeEvent } from "../api/runtime/runtime-api-server";
import { resolveRuntime, type RuntimeLaunch } from "../runtimes/index";
import { buildEnvironmentVariables } from "../runtimes/environment-variables";
import { sandboxRefusal, type Isolation } from "../sandbox/isolation";
import { AwsError } from "../http/types";
import { MemoryCgroup } from "../sandbox/cgroup";
import { lowerPriority, spawnViaHelper, type SandboxProcess } from "../sandbox/remote-spawn";
import { spawnLocal } from "../sandbox/spawn-local";
import { buildSandboxCommand, hostPath } from "../sandbox/sandbox-command";
import {
  endpointsFor,
  ENGINE_PORT_INSIDE,
  RUNTIME_API_PORT_INSIDE,
  sandboxNetwork,
} from "../sandbox/network";
import { hasOutboundAccess } from "../functions/vpc-config";
import { processTreePeakBytes } from "../sandbox/memory-usage";
import { applicationLogFilter, systemLogFilter } from "../invoke/log-levels";
import { settingsNotices } from "../functions/settings-fields";
import { EnvironmentLog } from "../invoke/environment-log";
import { formatEngineNotice } from "../invoke/platform-lines";
import type { LogBatcher } from "../invoke/log-batcher";
import { buildImageEnvironment, imageProcessCommand } from "../images/launch";
import { optTreesFor } from "../layers/opt-tree";
import { pointOptPathsAt } from "../layers/opt-paths";
import { runInvocation, type EnvInvocation, type InvokeOutcome } from "./run-invocation";
import type { ExtensionHost, ShutdownReason } from "../extensions/extension-host";
import { reportInit } from "../extensions/invoke-phase";
import { checkEntrypoint } from "../runtimes/entrypoint";
import {
  ExtensionInitError,
  imageLaunchFor,
  untilInitialised,
  releaseRuntime,
  runtimeArgv,
  setupExtensions,
  type ShutdownTracker,
} from "../extensions/environment-extensions";
import type { StandbyPool } from "./standby-pool";
import { prepareFileSystemMount } from "../efs/mount";
import { withFileSystem } from "../sandbox/file-system-mount";
import { nodeFor } from "../runtimes/nodejs/node-runtime";

export interface EnvironmentDeps {
  ctx: EngineContext;
  credentials: CredentialRegistry;
  batcher: LogBatcher;
  isolation: Isolation;
  engineEndpoint: string;
  hostPythonVersion?: string;
  /** Extensions' graceful shutdowns, awaited by the engine's stop. */
  shutdowns?: ShutdownTracker;
}

export type EnvironmentState = "new" | "idle" | "busy" | "dead";

/** How the process ended, for Runtime.ExitError / Runtime.OutOfMemory. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  oom: boolean;
}

/** Stream name as Lambda makes it: YYYY/MM/DD/[<version>]<32 hex>. */
export function makeLogStreamName(version: string, now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, "/");
  return `${d}/[${version}]${crypto.randomBytes(16).toString("hex")}`;
}

/**
 * One execution environment: a sandboxed runtime process, its Runtime API listener, its log
 * stream, its session credentials and cgroup. Serves one invocation at a time.
 */
export class ExecutionEnvironment {
  readonly id = crypto.randomBytes(8).toString("hex");
  state: EnvironmentState = "new";
  lastUsed = Date.now();
  /** Set once the process is gone; every waiter races against it. */
  readonly exited: Promise<ExitInfo>;
  initDurationMs: number | undefined;
  /** True until the first invocation has reported its Init Duration. */
  cold = true;
  /** Drain and kill after the current invocation (code or configuration changed). */
  retired = false;
  /** AWS_LAMBDA_INITIALIZATION_TYPE; provisioned environments are initialised ahead. */
  initializationType: "on-demand" | "provisioned-concurrency" = "on-demand";
  readonly log: EnvironmentLog;
  /** This environment's Runtime API (a standby's, when one was adopted). */
  rapi: RuntimeApiServer;
  readonly logFormatJson: boolean;
  private child: SandboxProcess | undefined;
  private cgroup: MemoryCgroup | undefined;
  private creds: SessionCredentials | undefined;
  private resolveExit: (e: ExitInfo) => void = () => {};
  private listeners = new Set<(e: RuntimeEvent) => void>();
  private launch: RuntimeLaunch;
  exitInfo: ExitInfo | undefined;
  private ready: Promise<void> | undefined;
  /** Pre-started sandboxes an on-demand cold start may take over (set by the dispatcher). */
  standbys: StandbyPool | undefined;
  /** True when this environment's process was a standby's. */
  fromStandby = false;
  private removeTaskDir: (() => void) | undefined;
  /** Its extensions and their Extensions / Telemetry APIs (lib/engine/extensions). */
  ext: ExtensionHost | undefined;

  constructor(
    readonly key: string,
    readonly target: InvocationTarget,
    private readonly deps: EnvironmentDeps,
  ) {
    const { config } = target;
    this.logFormatJson = config.LoggingConfig?.LogFormat === "JSON";
    const group = config.LoggingConfig?.LogGroup || `/aws/lambda/${config.FunctionName}`;
    this.log = new EnvironmentLog(deps.batcher, group, makeLogStreamName(target.version));
    this.log.systemFilter = systemLogFilter(config.LoggingConfig); // log levels (feat/fields)
    this.log.appFilter = applicationLogFilter(config.LoggingConfig);
    this.rapi = new RuntimeApiServer(this.emit);
    this.exited = new Promise((r) => (this.resolveExit = r));
    this.launch = resolveRuntime({
      runtime: config.Runtime ?? "provided.al2023",
      memoryMb: config.MemorySize,
      sandboxed: Boolean(deps.isolation.bwrap),
      memoryEnforced: Boolean(deps.isolation.cgroup),
      hostPythonVersion: deps.hostPythonVersion,
      node: nodeFor(deps.ctx, config.Runtime ?? ""),
    });
  }

  get runtime(): string {
    return this.target.config.Runtime ?? "provided.al2023";
  }

  get memoryMb(): number {
    return this.target.config.MemorySize;
  }

  private exitListeners = new Set<(e: ExitInfo) => void>();

  private readonly emit = (e: RuntimeEvent): void => {
    for (const l of this.listeners) l(e);
  };

  /**
   * Calls fn once when the process is gone (now, if it already is); returns the unsubscribe.
   * Per-invoke waiters use this, not exited.then: a reaction on a promise that stays pending for
   * the environment's life would be kept for every invoke it ever served.
   */
  onceExited(fn: (e: ExitInfo) => void): () => void {
    if (this.exitInfo) {
      fn(this.exitInfo);
      return () => {};
    }
    this.exitListeners.add(fn);
    return () => this.exitListeners.delete(fn);
  }

  /** Subscribes to Runtime API events; returns the unsubscribe function. */
  subscribe(fn: (e: RuntimeEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts the process once; resolves when it first polls /next (init done). */
  start(): Promise<void> {
    this.ready ??= this.spawnProcess();
    return this.ready;
  }

  private async spawnProcess(): Promise<void> {
    const { ctx, isolation } = this.deps;
    // Provisioned starts come here without an invoke: they fail closed too.
    const refusal = sandboxRefusal(isolation);
    if (refusal) throw new AwsError(500, "ServiceException", refusal, "Message");
    // EFS (issue 17): the access point's root at LocalMountPath, run as its POSIX user.
    const mount = await prepareFileSystemMount(ctx, this.target.config);

    // Database proxies (issue 16): sockets and /etc/hosts entries a standby was not built with.
    this.dbSockets = proxySocketsFor(ctx, this.target.config.FunctionName);
    const adopted =
      this.initializationType === "on-demand" && !this.dbSockets && !mount
        ? await this.standbys?.take(this.target)
        : undefined;
    if (adopted) {
      // The standby's Runtime API serves its namespace's socket: it becomes this environment's.
      this.rapi.close();
      this.rapi = adopted.rapi;
      this.rapi.onEvent = this.emit;
      adopted.serveApi((h) => this.serveInside(ENGINE_PORT_INSIDE, h));
    }
    const network = sandboxNetwork(isolation, {
      outbound: ctx.config.outbound && hasOutboundAccess(this.target.config),
    });
    if (network && this.dbSockets) network.listeners.push(...this.dbSockets.ports);
    // In a sandbox the Runtime API is a socket of its namespace (see serveInside); only the
    // operator's opt-out (no namespace) puts it on a host loopback port.
    const hostPort = network ? undefined : await this.rapi.listen();
    const endpoints = endpointsFor(network, hostPort, this.deps.engineEndpoint);
    this.creds = this.deps.credentials.issue({
      functionName: this.target.config.FunctionName,
      functionArn: this.target.config.FunctionArn,
      roleArn: this.target.config.Role,
      logGroup: this.log.group,
    });
    const spec = { codeDir: this.target.codeDir, runtimeDir: this.launch.runtimeDir };
    // Layers: one merged tree per combination, shown at /opt (functions with layers take no standby).
    const optDir = this.target.layerDirs?.length
      ? await optTreesFor(ctx.config.dataDir).ensure(this.target.layerDirs)
      : undefined;
    // Lambda's entrypoint checks (runtimes/entrypoint.ts): Runtime.InvalidEntrypoint, no spawn.
    const entry = this.target.image
      ? undefined
      : checkEntrypoint(this.target.config, this.launch.family, this.launch.argv, {
          codeDir: this.target.codeDir,
          optDir,
        });
    if (entry?.problem)
      throw new ExtensionInitError({
        errorType: "Runtime.InvalidEntrypoint",
        message: entry.problem,
      });
    if (entry) this.launch = { ...this.launch, argv: entry.argv };
    const env = buildEnvironmentVariables({
      config: this.target.config,
      version: this.target.version,
      region: ctx.config.region,
      logGroup: this.log.group,
      logStream: this.log.stream,
      runtimeApi: endpoints.runtimeApi,
      credentials: this.creds,
      engineEndpoint: endpoints.engineEndpoint,
      launch: this.launch,
      taskRoot: hostPath(spec, isolation, "/var/task"),
      runtimeDir: hostPath(spec, isolation, "/var/runtime"),
    });
    env.AWS_LAMBDA_INITIALIZATION_TYPE = this.initializationType;
    if (optDir && !isolation.bwrap) pointOptPathsAt(env, optDir);
    if (adopted) {
      this.fromStandby = true;
      this.cgroup = adopted.cgroup;
      this.removeTaskDir = adopted.removeTaskDir;
    } else if (isolation.cgroup)
      this.cgroup = await MemoryCgroup.create(isolation.cgroup, `env-${this.id}`, this.memoryMb);
    this.ext = setupExtensions(this, optDir, {
      sandboxed: Boolean(isolation.bwrap),
      accountId: ctx.arnPrefix.split(":")[4] ?? "",
      child: () => this.child,
    });
    this.rapi.extra = this.ext.handle;
    const image = this.target.image;
    const tmpSizeMb = this.target.config.EphemeralStorage?.Size ?? 512;
    // Built from nothing (see buildEnvironmentVariables); nothing of process.env is inherited.
    const processEnv = image
      ? buildImageEnvironment(env, image, this.target.config.Environment?.Variables)
      : env;
    const baseCmd = image
      ? imageProcessCommand(imageLaunchFor(image, this.ext), {
          bwrap: isolation.bwrap,
          tmpSizeMb,
          env: processEnv,
          network,
          cgroupProcs: this.cgroup?.procsFile,
        })
      : buildSandboxCommand(
          {
            ...spec,
            optDir,
            extraRoBinds: this.launch.extraRoBinds,
            hostsFile: this.dbSockets?.hostsFile,
            tmpSizeMb,
            argv: runtimeArgv(
              this.ext,
              this.target,
              this.launch.family,
              this.launch.argv.map((a) => hostPath(spec, isolation, a)),
            ),
            env: processEnv,
            network,
            cgroupProcs: this.cgroup?.procsFile,
          },
          isolation,
        );
    const cmd =
      mount && isolation.bwrap && isolation.python
        ? withFileSystem(baseCmd, mount, isolation.python)
        : baseCmd;
    const readyPromise = new Promise<void>((resolve) => {
      const off = this.subscribe((e) => {
        if (e.kind === "ready") {
          off();
          resolve();
        }
      });
    });
    const t0 = performance.now();
    const child =
      adopted?.child ??
      (isolation.bwrap
        ? // Started by the spawn helper: a fork of the engine would stall every other invoke.
          spawnViaHelper(cmd, { cwd: "/", onListener: (port, h) => this.serveInside(port, h) })
        : // Only with the operator's explicit LAMBDA_ENGINE_SANDBOX=none (see canRunFunctions).
          spawnLocal(cmd, {
            env: processEnv,
            cwd: this.target.codeDir,
            // A process group of its own, killed whole (no sandbox to do it).
            detached: true,
          }));
    this.child = child;
    if (!adopted && !isolation.bwrap) lowerPriority(child.pid);
    child.stdin?.on("error", () => {});
    // A standby's launcher becomes this environment once it reads its variables; any other
    // process gets an ended stdin, like /dev/null.
    if (this.ext.launched) releaseRuntime(this.ext, child);
    else child.stdin?.end(adopted ? JSON.stringify(env) + "\n" : undefined);
    if (this.launch.notice)
      this.log.line(formatEngineNotice(this.logFormatJson, this.launch.notice));
    for (const n of settingsNotices(this.target.config))
      // (feat/fields)
      this.log.line(formatEngineNotice(this.logFormatJson, n));
    if (child.stdout) this.log.attach(child.stdout);
    if (child.stderr) this.log.attach(child.stderr);
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
    // Init ends when the runtime and every extension have called Next; an extension's failure
    // ends it first (ExtensionInitError).
    await untilInitialised(this.ext, readyPromise);
    this.initDurationMs = performance.now() - t0;
    reportInit(this, { status: "success", durationMs: this.initDurationMs });
  }

  private closeApi: (() => void) | undefined;
  private dbSockets: ProxySockets | undefined;
  private readonly closeDb: (() => void)[] = [];

  /** A listening socket of the sandbox's namespace: its Runtime API, or the engine's API. */
  private serveInside(port: number, handle: unknown): void {
    if (port === RUNTIME_API_PORT_INSIDE) return this.rapi.listenOn(handle);
    if (this.cleaned) return void (handle as { close?: () => void }).close?.();
    const db = this.dbSockets?.serve(port, handle);
    if (db) return void this.closeDb.push(db);
    this.closeApi = this.deps.ctx.serveApiOn?.(handle);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitInfo) return;
    const oom = (this.cgroup?.oomKilled() ?? false) || this.log.sawHeapOom;
    this.exitInfo = { code, signal, oom };
    this.state = "dead";
    this.cleanup();
    this.resolveExit(this.exitInfo);
    const listeners = [...this.exitListeners];
    this.exitListeners.clear();
    for (const fn of listeners) fn(this.exitInfo);
  }

  /** Peak memory use in MB, measured by the cgroup or the process tree's high-water mark. */
  maxMemoryUsedMb(): number {
    if (this.finalPeakMb !== undefined) return this.finalPeakMb;
    // The cgroup misses pages first charged elsewhere (shared libraries); the tree's high-water
    // mark misses tmpfs; Lambda's figure is closest to the larger of the two.
    const now = Date.now();
    if (this.child?.pid && (this.treePeak === undefined || now - this.treePeak.at > 1000)) {
      // Walking /proc costs a few file reads: at most once a second on the warm path.
      this.treePeak = { at: now, bytes: processTreePeakBytes(this.child.pid) };
    }
    const tree = this.treePeak?.bytes ?? 0;
    const bytes = Math.max(this.cgroup?.peakBytes() ?? 0, tree);
    return Math.max(1, Math.round(bytes / (1024 * 1024)));
  }

  /** After an invocation: ready for the next one, or gone when retired meanwhile. */
  settle(): void {
    if (this.state === "dead") return;
    if (this.retired) this.kill();
    else this.state = "idle";
  }

  invoke(inv: EnvInvocation): Promise<InvokeOutcome> {
    return runInvocation(this, inv);
  }

  /**
   * Ends the environment: extensions registered for SHUTDOWN get it first (reason, deadline),
   * then the process tree is killed and everything it holds freed. Idempotent.
   */
  kill(reason: ShutdownReason = "spindown"): void {
    if (!this.exitInfo && this.deps.shutdowns?.begin(this.ext, reason, () => this.terminate())) {
      this.state = "dead";
      return;
    }
    this.terminate();
  }

  private terminate(): void {
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

  private cleaned = false;
  private finalPeakMb: number | undefined;
  private treePeak: { at: number; bytes: number } | undefined;

  private cleanup(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    this.finalPeakMb = this.maxMemoryUsedMb();
    this.rapi.close();
    this.ext?.close();
    this.closeApi?.();
    for (const close of this.closeDb) close();
    if (this.creds) this.deps.credentials.revoke(this.creds.accessKeyId);
    this.cgroup?.remove();
    this.removeTaskDir?.();
    this.log.flushPartials();
  }
}

/** "exit status 1" / "signal: killed", as Lambda's Go platform prints a process state. */
export function describeExit(e: ExitInfo): string {
  let signal = e.signal;
  if (!signal && e.code !== null && e.code > 128) {
    const entry = Object.entries(os.constants.signals).find(([, n]) => n === (e.code ?? 0) - 128);
    signal = entry ? (entry[0] as NodeJS.Signals) : null;
  }
  if (!signal) return `exit status ${e.code ?? 0}`;
  const names: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: "killed",
    SIGABRT: "aborted",
    SIGSEGV: "segmentation fault",
    SIGTERM: "terminated",
    SIGBUS: "bus error",
  };
  return `signal: ${names[signal] ?? signal.toLowerCase()}`;
}
