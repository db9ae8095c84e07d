import type { EngineContext } from "../context";
import type { InvocationTarget } from "../functions/types";
import type { LaunchOptions } from "../runtimes/index";
import { nodeFor } from "../runtimes/nodejs/node-runtime";
import type { Isolation } from "../sandbox/isolation";
import type { ProxyService } from "../rds/proxies";
import type { Command } from "../sandbox/sandbox-command";
import { withFileSystem } from "../sandbox/file-system-mount";
import { prepareFileSystemMount } from "../functions/file-system-mount";
import { proxySocketsFor } from "../rds/sandbox-sockets";
import { optTreesFor } from "../layers/opt-tree";
import { pointOptPathsAt } from "../layers/opt-paths";

/** What a feature reads: the engine, the function version about to run, the host's isolation. */
export interface FeatureInput {
  ctx: EngineContext;
  target: InvocationTarget;
  isolation: Isolation;
  /** Database proxies (issue 16): which a function's sandbox reaches, and the relay to each. */
  databaseProxies?: ProxyService;
}

/** What the features of a configuration add to its environment's process, gathered in order. */
export interface LaunchPlan {
  /** A pre-started standby lacks something this plan adds: the cold start takes the normal path. */
  noStandby: boolean;
  /** The function's layers merged on the host, shown at /opt. */
  optDir?: string;
  /** The sandbox's /etc/hosts (the zip sandbox's; an image keeps its own). */
  hostsFile?: string;
  /** More listening sockets inside the namespace, beside the Runtime API's and the engine's. */
  listeners: number[];
  /** Serves one of those sockets; undefined when the port is not the feature's. */
  serve: ((port: number, handle: unknown) => (() => void) | undefined)[];
  /** Adjusts the function's variables once they are built. */
  variables: ((env: Record<string, string>) => void)[];
  /** Rewrites the finished sandbox command. */
  command: ((cmd: Command) => Command)[];
}

/**
 * One capability of an execution environment that depends on the function's configuration.
 * `runtime` runs when the environment is made (how its runtime starts), `prepare` before its
 * process is spawned (may throw the AWS error that fails the invoke, e.g. EFSMountFailure).
 */
export interface EnvironmentFeature {
  name: string;
  runtime?(input: FeatureInput): Partial<LaunchOptions>;
  prepare?(input: FeatureInput, plan: LaunchPlan): Promise<void> | void;
}

/** nodejsNN.x runs on Node.js NN (issue 19): a fetched one when the host's major differs. */
const nodeVersion: EnvironmentFeature = {
  name: "Node.js version",
  runtime: ({ ctx, target }) => ({ node: nodeFor(ctx, target.config.Runtime ?? "") }),
};

/** EFS (issue 17): the access point's root at LocalMountPath, run as its POSIX user. */
const fileSystem: EnvironmentFeature = {
  name: "file system",
  async prepare({ ctx, target, isolation }, plan) {
    const mount = await prepareFileSystemMount(ctx, target.config);
    if (!mount) return;
    plan.noStandby = true;
    const python = isolation.python;
    if (isolation.bwrap && python) plan.command.push((cmd) => withFileSystem(cmd, mount, python));
  },
};

/** Database proxies (issue 16): a socket per proxy inside the namespace, endpoints in /etc/hosts. */
const databaseProxies: EnvironmentFeature = {
  name: "database proxies",
  prepare({ databaseProxies, target }, plan) {
    const sockets = proxySocketsFor(databaseProxies, target.config.FunctionName);
    if (!sockets) return;
    plan.noStandby = true;
    plan.hostsFile = sockets.hostsFile;
    plan.listeners.push(...sockets.ports);
    plan.serve.push((port, handle) => sockets.serve(port, handle));
  },
};

/** Layers: one merged tree per combination at /opt (functions with layers take no standby). */
const layers: EnvironmentFeature = {
  name: "layers",
  async prepare({ ctx, target, isolation }, plan) {
    if (!target.layerDirs?.length) return;
    const optDir = await optTreesFor(ctx.config.dataDir).ensure(target.layerDirs);
    plan.optDir = optDir;
    plan.noStandby = true;
    // Without a sandbox there is no /opt: the runtime's search paths point at the host's tree.
    if (!isolation.bwrap) plan.variables.push((env) => pointOptPathsAt(env, optDir));
  },
};

/**
 * The features, in the order they apply. Extensions are not here: they are the environment's
 * own APIs (lib/engine/extensions, set up by the environment from the plan's /opt).
 */
const ENVIRONMENT_FEATURES: readonly EnvironmentFeature[] = [
  nodeVersion,
  fileSystem,
  databaseProxies,
  layers,
];

/** The runtime options the features ask for. */
export function runtimeOptions(
  input: FeatureInput,
  features: readonly EnvironmentFeature[] = ENVIRONMENT_FEATURES,
): Partial<LaunchOptions> {
  return Object.assign(
    {},
    ...features.map((f) => f.runtime?.(input) ?? {}),
  ) as Partial<LaunchOptions>;
}

/** Runs every feature's prepare step, in order. */
export async function planLaunch(
  input: FeatureInput,
  features: readonly EnvironmentFeature[] = ENVIRONMENT_FEATURES,
): Promise<LaunchPlan> {
  const plan: LaunchPlan = {
    noStandby: false,
    listeners: [],
    serve: [],
    variables: [],
    command: [],
  };
  for (const f of features) await f.prepare?.(input, plan);
  return plan;
}
