import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { FunctionConfiguration, InvocationTarget } from "../functions/types";
import { NODE_STANDBY_LAUNCHER, resolveRuntime } from "../runtimes/index";
import { HOST_NODE_MAJOR, nodeMajorOf, type NodeChoice } from "../runtimes/nodejs/node-runtime";
import { BASE_PROCESS_ENV } from "../runtimes/environment-variables";
import type { Isolation } from "../sandbox/isolation";
import { MemoryCgroup } from "../sandbox/cgroup";
import { buildSandboxCommand } from "../sandbox/sandbox-command";
import { RUNTIME_API_PORT_INSIDE, sandboxNetwork } from "../sandbox/network";
import { hasOutboundAccess } from "../functions/vpc-config";
import { privateDir } from "../sandbox/private-dir";
import { RuntimeApiServer } from "./runtime-api-server";
import { spawnViaHelper, type SandboxProcess } from "../sandbox/remote-spawn";
import { linkTree } from "./standby-link";

/** What a standby is pre-started for: flags and limits fixed at boot. */
export interface StandbyKey {
  memoryMb: number;
  tmpSizeMb: number;
  /** Set when the runtime's Node.js major is not the host's (issue 19: nodejsNN.x on Node NN). */
  nodeMajor?: number;
}

export function standbyKeyString(k: StandbyKey): string {
  return `${k.memoryMb}/${k.tmpSizeMb}${k.nodeMajor ? `/node${k.nodeMajor}` : ""}`;
}

// Read by node, glibc or libuv at boot, so a process started before they are known cannot honour them.
const BOOT_TIME_VARIABLE = /^(NODE_|UV_|LD_|MALLOC_|GLIBC_)|^AWS_LAMBDA_EXEC_WRAPPER$/;

/**
 * The standby key of a target, or undefined when its cold start must take the normal path:
 * not a Node.js zip function, or a variable that only takes effect when node starts.
 */
export function standbyKeyFor(target: InvocationTarget): StandbyKey | undefined {
  return target.image ? undefined : standbyKeyForConfig(target.config);
}

/** The standby key of a function's configuration (see standbyKeyFor). */
export function standbyKeyForConfig(config: FunctionConfiguration): StandbyKey | undefined {
  if (config.PackageType === "Image" || !(config.Runtime ?? "").startsWith("nodejs"))
    return undefined;
  // Standbys are wired with outbound access; a VPC function's namespace has none.
  if (!hasOutboundAccess(config)) return undefined;
  // A standby's sandbox has no /opt: a function with layers starts its own.
  if (config.Layers?.length) return undefined;
  const vars = Object.keys(config.Environment?.Variables ?? {});
  if (vars.some((k) => BOOT_TIME_VARIABLE.test(k))) return undefined;
  const major = nodeMajorOf(config.Runtime);
  return {
    memoryMb: config.MemorySize,
    tmpSizeMb: config.EphemeralStorage?.Size ?? 512,
    ...(major !== undefined && major !== HOST_NODE_MAJOR ? { nodeMajor: major } : {}),
  };
}

const DIR_PREFIX = `lambda-console-standby-`;

/** Task dirs left by engines that died (their pid is gone). */
export function sweepStaleStandbyDirs(): void {
  const base = privateDir();
  try {
    for (const name of fs.readdirSync(base)) {
      const m = new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name);
      if (!m || Number(m[1]) === process.pid) continue;
      try {
        process.kill(Number(m[1]), 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ESRCH")
          fs.rmSync(path.join(base, name), { recursive: true, force: true });
      }
    }
  } catch {
    // unreadable temp dir: nothing to sweep
  }
}

/** What an environment takes over from a standby: the process, its Runtime API, cgroup, task dir. */
export interface AdoptedStandby {
  child: SandboxProcess;
  /** Serving the standby's namespace since it started (its 127.0.0.1:9001). */
  rapi: RuntimeApiServer;
  /** Hands over its namespace's 127.0.0.1:9000 socket, for the engine's API, now or once made. */
  serveApi(sink: (handle: unknown) => void): void;
  cgroup: MemoryCgroup | undefined;
  /** Removes the task dir (the hard links); call once the process is gone. */
  removeTaskDir(): void;
}

/**
 * One pre-started sandbox: bwrap with an environment's flags and network namespace, /var/task bound
 * to an empty host dir of its own in the private dir, already in its memory cgroup, node booted
 * and waiting on stdin. Its Runtime API listens (unused) so the namespace's forward is fixed at
 * start; it holds no credentials and no function's code until assigned.
 */
export class StandbySandbox {
  readonly id = crypto.randomBytes(8).toString("hex");
  readonly startedAt = Date.now();
  dead = false;
  /** The namespace's socket for the engine's API, served once an environment adopts the standby. */
  private apiHandle: unknown;
  private apiSink: ((handle: unknown) => void) | undefined;

  gotApiHandle(handle: unknown): void {
    if (this.apiSink) this.apiSink(handle);
    else this.apiHandle = handle;
  }
  private assigned = false;

  /** Set once made (see start); removed with the standby unless an environment adopted it. */
  cgroup: MemoryCgroup | undefined;
  private readonly cgroupMade: Promise<unknown>;

  private constructor(
    readonly key: StandbyKey,
    readonly taskDir: string,
    readonly rapi: RuntimeApiServer,
    readonly child: SandboxProcess,
    cgroup: Promise<MemoryCgroup | undefined>,
  ) {
    this.cgroupMade = cgroup.then((cg) => {
      if (this.dead) return cg?.remove();
      this.cgroup = cg;
    });
    child.once("exit", () => {
      if (!this.assigned) void this.dispose();
    });
    child.on("error", () => void this.dispose());
    // stdout/stderr are attached to the environment's log on assignment; until then the launcher
    // writes nothing and the pipes only buffer.
  }

  /** Starts a standby; only with bubblewrap (without it, a task dir cannot be swapped in unseen). */
  static start(
    key: StandbyKey,
    isolation: Isolation,
    net: { outbound: boolean },
    nodeFor?: (major: number) => NodeChoice,
  ): StandbySandbox | undefined {
    if (!isolation.bwrap || !isolation.slirp || !isolation.python) return undefined;
    // Another major's Node.js (or, until it is fetched, the host's, as the environment would run).
    const node = key.nodeMajor ? nodeFor?.(key.nodeMajor) : undefined;
    const launch = resolveRuntime({
      runtime: `nodejs${key.nodeMajor ?? HOST_NODE_MAJOR}.x`,
      node,
      memoryMb: key.memoryMb,
      sandboxed: true,
      memoryEnforced: Boolean(isolation.cgroup),
    });
    // A ric the bundle could not patch runs as shipped, without the launcher: no standbys then.
    if (!fs.existsSync(path.join(launch.runtimeDir, path.basename(NODE_STANDBY_LAUNCHER))))
      return undefined;
    const taskDir = fs.mkdtempSync(path.join(privateDir(), `${DIR_PREFIX}${process.pid}-`));
    fs.chmodSync(taskDir, 0o755);
    const id = crypto.randomBytes(8).toString("hex");
    const argv = [...launch.argv.slice(0, -1), NODE_STANDBY_LAUNCHER];
    // The helper gets the command once the cgroup exists.
    const cgroup = isolation.cgroup
      ? MemoryCgroup.create(isolation.cgroup, `standby-${id}`, key.memoryMb)
      : Promise.resolve(undefined);
    const rapi = new RuntimeApiServer();
    const cmd = cgroup.then((cg) =>
      buildSandboxCommand(
        {
          codeDir: taskDir,
          runtimeDir: launch.runtimeDir,
          extraRoBinds: launch.extraRoBinds,
          tmpSizeMb: key.tmpSizeMb,
          argv,
          env: { ...BASE_PROCESS_ENV },
          network: sandboxNetwork(isolation, net),
          cgroupProcs: cg?.procsFile,
        },
        isolation,
      ),
    );
    // Started by the spawn helper: standbys are refilled while invokes run, and a fork of the
    // engine would stall them.
    // The sockets arrive after this returns (the helper makes them once the namespace exists).
    const made: { standby?: StandbySandbox } = {};
    const child = spawnViaHelper(cmd, {
      cwd: "/",
      onListener: (port, h) => {
        if (port === RUNTIME_API_PORT_INSIDE) rapi.listenOn(h);
        else if (made.standby && !made.standby.dead) made.standby.gotApiHandle(h);
        else (h as { close?: () => void }).close?.();
      },
    });
    made.standby = new StandbySandbox(key, taskDir, rapi, child, cgroup);
    return made.standby;
  }

  get alive(): boolean {
    return !this.dead && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Gives the standby to one environment: hard-links the code into its task dir (a copy across
   * file systems) and hands over the process. On failure the standby is gone and undefined comes back.
   */
  async assign(codeDir: string): Promise<AdoptedStandby | undefined> {
    if (!this.alive || this.assigned) return undefined;
    this.assigned = true;
    try {
      await this.cgroupMade;
      await linkTree(codeDir, this.taskDir);
    } catch {
      this.assigned = false;
      void this.dispose();
      return undefined;
    }
    if (!this.alive) {
      this.assigned = false;
      void this.dispose();
      return undefined;
    }
    this.cgroup?.setLimitMb(this.key.memoryMb);
    return {
      child: this.child,
      rapi: this.rapi,
      // The socket may reach the engine after the adoption: the sink gets it either way.
      serveApi: (sink) => {
        if (this.apiHandle) sink(this.apiHandle);
        else this.apiSink = sink;
      },
      cgroup: this.cgroup,
      removeTaskDir: () => removeDir(this.taskDir),
    };
  }

  private disposal: Promise<void> | undefined;

  /**
   * Kills an unassigned standby and frees its cgroup and task dir; resolves once its process has
   * exited and its cgroup is removed (an assigned one is its environment's to dispose). Idempotent.
   */
  dispose(): Promise<void> {
    if (this.assigned) return Promise.resolve();
    this.disposal ??= this.end();
    return this.disposal;
  }

  private async end(): Promise<void> {
    this.dead = true;
    const running = this.child.exitCode === null && this.child.signalCode === null;
    const exited = running ? new Promise((r) => this.child.once("exit", r)) : undefined;
    if (running) this.child.kill("SIGKILL");
    this.rapi.close();
    (this.apiHandle as { close?: () => void } | undefined)?.close?.();
    const removed = this.cgroup?.remove();
    removeDir(this.taskDir);
    // A cgroup still being made is removed once made (see the constructor).
    await Promise.all([exited, removed, this.cgroupMade]);
  }
}

function removeDir(dir: string): void {
  fs.rm(dir, { recursive: true, force: true }, () => {});
}
