import crypto from "node:crypto";
import type { InvocationTarget } from "../functions/types";
import { resolveRuntime, type RuntimeLaunch } from "../runtimes/index";
import { sandboxRefusal } from "../sandbox/isolation";
import { AwsError } from "../errors/aws-error";
import { MemoryCgroup } from "../sandbox/cgroup";
import { endpointsFor, ENGINE_PORT_INSIDE, sandboxNetwork } from "../sandbox/network";
import { hasOutboundAccess } from "../functions/vpc-config";
import { EnvironmentLog } from "../logs/environment-log";
import { formatEngineNotice } from "../logs/platform-lines";
import { applicationLogFilter, systemLogFilter } from "../logs/log-levels";
import { settingsNotices } from "../functions/settings-fields";
import type { ExtensionHost } from "../extensions/extension-host";
import { reportInit } from "../extensions/invoke-phase";
import { checkEntrypoint } from "../runtimes/entrypoint";
import {
  attachExtensionOutputs,
  ExtensionInitError,
  untilInitialised,
  releaseRuntime,
} from "../extensions/environment-extensions";
import type { StandbyPool } from "./standby-pool";
import { makeLogStreamName } from "./exit-info";
import { planLaunch, runtimeOptions } from "./environment-features";
import { prepareProcess, spawnEnvironment } from "./environment-command";
import { EnvironmentProcess } from "./environment-process";
import type { EnvironmentDeps } from "./environment-deps";

/** Thrown by a start that dispose() (or kill) overtook: nothing of it is left running. */
const gone = () => new Error("the environment was disposed while it started");

/**
 * One execution environment: a sandboxed runtime process, its Runtime API listener, its log
 * stream, its session credentials and cgroup. Serves one invocation at a time (runInvocation).
 * This file starts it; its end, kill and dispose are EnvironmentProcess's (environment-process.ts).
 */
export class ExecutionEnvironment extends EnvironmentProcess {
  readonly id = crypto.randomBytes(8).toString("hex");
  lastUsed = Date.now();
  initDurationMs: number | undefined;
  /** True until the first invocation has reported its Init Duration. */
  cold = true;
  /** AWS_LAMBDA_INITIALIZATION_TYPE; provisioned environments are initialised ahead. */
  initializationType: "on-demand" | "provisioned-concurrency" = "on-demand";
  readonly log: EnvironmentLog;
  readonly logFormatJson: boolean;
  /** Pre-started sandboxes an on-demand cold start may take over (set by the dispatcher). */
  standbys: StandbyPool | undefined;
  /** True when this environment's process was a standby's. */
  fromStandby = false;
  private launch: RuntimeLaunch;
  private ready: Promise<void> | undefined;

  constructor(
    readonly key: string,
    readonly target: InvocationTarget,
    deps: EnvironmentDeps,
  ) {
    super(deps);
    const { config } = target;
    this.logFormatJson = config.LoggingConfig?.LogFormat === "JSON";
    const group = config.LoggingConfig?.LogGroup || `/aws/lambda/${config.FunctionName}`;
    this.log = new EnvironmentLog(deps.batcher, group, makeLogStreamName(target.version));
    this.log.systemFilter = systemLogFilter(config.LoggingConfig); // log levels (feat/fields)
    this.log.appFilter = applicationLogFilter(config.LoggingConfig);
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
      if (this.initializationType === "on-demand")
        this.standbys?.track(this.target, this.startEnded(this.ready));
    }
    return this.ready;
  }

  /** Settles once the start has ended: ready, failed, or the process gone before either. */
  private startEnded(ready: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const off = this.onceExited(() => resolve());
      const end = () => (off(), resolve());
      ready.then(end, end);
    });
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
    attachExtensionOutputs(this.ext, child);
    return { ext: this.ext, ready, t0 };
  }
}
