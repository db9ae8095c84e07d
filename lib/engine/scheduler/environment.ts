import crypto from "node:crypto";
import type { SessionCredentials } from "../credentials";
import type { InvocationTarget } from "../functions/types";
import { resolveRuntime, type RuntimeLaunch } from "../runtimes/index";
import { sandboxRefusal } from "../sandbox/isolation";
import { AwsError } from "../errors/aws-error";
import { MemoryCgroup } from "../sandbox/cgroup";
import type { SandboxProcess } from "../sandbox/remote-spawn";
import {
  endpointsFor,
  ENGINE_PORT_INSIDE,
  RUNTIME_API_PORT_INSIDE,
  sandboxNetwork,
} from "../sandbox/network";
import { hasOutboundAccess } from "../functions/vpc-config";
import { EnvironmentLog } from "../logs/environment-log";
import { formatEngineNotice } from "../logs/platform-lines";
import { applicationLogFilter, systemLogFilter } from "../logs/log-levels";
import { settingsNotices } from "../functions/settings-fields";
import type { ExtensionHost, ShutdownReason } from "../extensions/extension-host";
import { reportInit } from "../extensions/invoke-phase";
import { checkEntrypoint } from "../runtimes/entrypoint";
import {
  ExtensionInitError,
  untilInitialised,
  releaseRuntime,
} from "../extensions/environment-extensions";
import { RuntimeApiServer } from "./runtime-api-server";
import type { StandbyPool } from "./standby-pool";
import { makeLogStreamName } from "./exit-info";
import { planLaunch, runtimeOptions } from "./environment-features";
import { prepareProcess, spawnEnvironment } from "./environment-command";
import { EnvironmentEvents } from "./environment-events";
import { PeakMemory } from "./peak-memory";
import type { EnvironmentDeps, EnvironmentState } from "./environment-deps";

/** Thrown by a start that dispose() (or kill) overtook: nothing of it is left running. */
const gone = () => new Error("the environment was disposed while it started");

/**
 * One execution environment: a sandboxed runtime process, its Runtime API listener, its log
 * stream, its session credentials and cgroup. Serves one invocation at a time (runInvocation).
 */
export class ExecutionEnvironment extends EnvironmentEvents {
  readonly id = crypto.randomBytes(8).toString("hex");
  state: EnvironmentState = "new";
  lastUsed = Date.now();
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
  /** Pre-started sandboxes an on-demand cold start may take over (set by the dispatcher). */
  standbys: StandbyPool | undefined;
  /** True when this environment's process was a standby's. */
  fromStandby = false;
  /** Its extensions and their Extensions / Telemetry APIs (lib/engine/extensions). */
  ext: ExtensionHost | undefined;
  private child: SandboxProcess | undefined;
  private cgroup: MemoryCgroup | undefined;
  private creds: SessionCredentials | undefined;
  private launch: RuntimeLaunch;
  private ready: Promise<void> | undefined;
  /** Settles once the process runs or its start gave up (dispose waits for it). */
  private launched: Promise<unknown> | undefined;
  private removeTaskDir: (() => void) | undefined;
  /** Closers of the sockets served inside its namespace (the engine's API, database proxies). */
  private readonly closers: (() => void)[] = [];
  private serveFeature: ((port: number, handle: unknown) => (() => void) | undefined)[] = [];
  private cleaned = false;
  private readonly peak = new PeakMemory();
  private cgroupRemoved: Promise<void> | undefined;
  private disposal: Promise<void> | undefined;

  constructor(
    readonly key: string,
    readonly target: InvocationTarget,
    private readonly deps: EnvironmentDeps,
  ) {
    super();
    const { config } = target;
    this.logFormatJson = config.LoggingConfig?.LogFormat === "JSON";
    const group = config.LoggingConfig?.LogGroup || `/aws/lambda/${config.FunctionName}`;
    this.log = new EnvironmentLog(deps.batcher, group, makeLogStreamName(target.version));
    this.log.systemFilter = systemLogFilter(config.LoggingConfig); // log levels (feat/fields)
    this.log.appFilter = applicationLogFilter(config.LoggingConfig);
    this.rapi = new RuntimeApiServer(this.emit);
    this.launch = resolveRuntime({
      runtime: config.Runtime ?? "provided.al2023",
      memoryMb: config.MemorySize,
      sandboxed: Boolean(deps.isolation.bwrap),
      memoryEnforced: Boolean(deps.isolation.cgroup),
      hostPythonVersion: deps.hostPythonVersion,
      ...runtimeOptions({ ctx: deps.ctx, target, isolation: deps.isolation }, deps.features),
    });
  }

  get runtime(): string {
    return this.target.config.Runtime ?? "provided.al2023";
  }

  get memoryMb(): number {
    return this.target.config.MemorySize;
  }

  /** The sandbox's process id while it runs (specs check that dispose leaves none). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Its memory cgroup's directory, when one enforces the limit. */
  get cgroupDir(): string | undefined {
    return this.cgroup?.dir;
  }

  /** Starts the process once; resolves when it first polls /next (init done). See initVerdict. */
  start(): Promise<void> {
    if (!this.ready) {
      const launched = this.launchProcess();
      this.launched = launched.catch(() => {});
      // Init ends when the runtime and every extension have called Next; an extension's failure
      // ends it first (ExtensionInitError).
      this.ready = launched.then(async ({ ext, ready, t0 }) => {
        await untilInitialised(ext, ready);
        this.initDurationMs = performance.now() - t0;
        reportInit(this, { status: "success", durationMs: this.initDurationMs });
      });
    }
    return this.ready;
  }

  /** Everything up to the running process; a kill or dispose meanwhile stops it where it is. */
  private async launchProcess(): Promise<{ ext: ExtensionHost; ready: Promise<void>; t0: number }> {
    const { ctx, isolation } = this.deps;
    // Provisioned starts come here without an invoke: they fail closed too.
    const refusal = sandboxRefusal(isolation);
    if (refusal) throw new AwsError(500, "ServiceException", refusal, "Message");
    const plan = await planLaunch(
      { ctx, target: this.target, isolation, databaseProxies: this.deps.databaseProxies?.() },
      this.deps.features,
    );
    this.serveFeature = plan.serve;
    if (this.exitInfo) throw gone();
    // Lambda's entrypoint checks (runtimes/entrypoint.ts): Runtime.InvalidEntrypoint, no spawn.
    const entry = this.target.image
      ? undefined
      : checkEntrypoint(this.target.config, this.launch.family, this.launch.argv, {
          codeDir: this.target.codeDir,
          optDir: plan.optDir,
        });
    if (entry?.problem)
      throw new ExtensionInitError({
        errorType: "Runtime.InvalidEntrypoint",
        message: entry.problem,
      });
    if (entry) this.launch = { ...this.launch, argv: entry.argv };
    const adopted =
      this.initializationType === "on-demand" && !plan.noStandby
        ? await this.standbys?.take(this.target)
        : undefined;
    if (adopted) {
      this.fromStandby = true;
      this.own(adopted.child);
      this.cgroup = adopted.cgroup;
      this.removeTaskDir = adopted.removeTaskDir;
      if (this.exitInfo) {
        this.terminate();
        this.cgroupRemoved = adopted.cgroup?.remove();
        adopted.removeTaskDir();
        throw gone();
      }
      // The standby's Runtime API serves its namespace's socket: it becomes this environment's.
      this.rapi.close();
      this.rapi = adopted.rapi;
      this.rapi.onEvent = this.emit;
      adopted.serveApi((h) => this.serveInside(ENGINE_PORT_INSIDE, h));
    }
    const network = sandboxNetwork(isolation, {
      outbound: ctx.config.outbound && hasOutboundAccess(this.target.config),
    });
    if (network) network.listeners.push(...plan.listeners);
    // In a sandbox the Runtime API is a socket of its namespace (see serveInside); only the
    // operator's opt-out (no namespace) puts it on a host loopback port.
    const hostPort = network ? undefined : await this.rapi.listen();
    if (!adopted && isolation.cgroup) {
      const cgroup = await MemoryCgroup.create(isolation.cgroup, `env-${this.id}`, this.memoryMb);
      if (this.exitInfo) {
        this.cgroupRemoved = cgroup?.remove();
        throw gone();
      }
      this.cgroup = cgroup;
    }
    if (this.exitInfo) throw gone();
    // From here on nothing is awaited until the process runs: dispose() sees all it holds.
    this.creds = this.deps.credentials.issue({
      functionName: this.target.config.FunctionName,
      functionArn: this.target.config.FunctionArn,
      roleArn: this.target.config.Role,
      logGroup: this.log.group,
    });
    const { env, ext, cmd, processEnv } = prepareProcess(
      this,
      {
        target: this.target,
        launch: this.launch,
        isolation,
        plan,
        region: ctx.config.region,
        log: this.log,
        endpoints: endpointsFor(network, hostPort, this.deps.engineEndpoint),
        credentials: this.creds,
        initializationType: this.initializationType,
      },
      { network, cgroupProcs: this.cgroup?.procsFile },
      { accountId: ctx.arnPrefix.split(":")[4] ?? "", child: () => this.child },
    );
    this.ext = ext;
    this.rapi.extra = ext.handle;
    const ready = this.next("ready");
    const t0 = performance.now();
    const child =
      adopted?.child ??
      spawnEnvironment(cmd, processEnv, this.target.codeDir, isolation, (port, h) =>
        this.serveInside(port, h),
      );
    if (!adopted) this.own(child);
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
    return { ext: this.ext, ready, t0 };
  }

  /** Takes the process: its end is this environment's end. */
  private own(child: SandboxProcess): void {
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
  private serveInside(port: number, handle: unknown): void {
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
