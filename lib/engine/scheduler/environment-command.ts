import type { SessionCredentials } from "../credentials";
import type { InvocationTarget } from "../functions/types";
import type { RuntimeLaunch } from "../runtimes/index";
import { buildEnvironmentVariables } from "../runtimes/environment-variables";
import type { Isolation } from "../sandbox/isolation";
import { lowerPriority, spawnViaHelper, type SandboxProcess } from "../sandbox/remote-spawn";
import { spawnLocal } from "../sandbox/spawn-local";
import {
  buildSandboxCommand,
  hostPath,
  type Command,
  type SandboxNetwork,
} from "../sandbox/sandbox-command";
import { buildImageEnvironment, imageProcessCommand } from "../images/launch";
import type { ExtensionHost } from "../extensions/extension-host";
import {
  imageLaunchFor,
  outputsOf,
  runtimeArgv,
  setupExtensions,
  type ExtensionSetupInput,
} from "../extensions/environment-extensions";
import type { LaunchPlan } from "./environment-features";

/** Everything an environment's variables and command are made from. */
export interface EnvironmentSpec {
  target: InvocationTarget;
  launch: RuntimeLaunch;
  isolation: Isolation;
  plan: LaunchPlan;
  region: string;
  log: { group: string; stream: string };
  endpoints: { runtimeApi: string; engineEndpoint: string };
  credentials: SessionCredentials;
  initializationType: string;
}

/** The reserved and the function's variables, as the runtime (not an image) sees them. */
function environmentVariables(s: EnvironmentSpec): Record<string, string> {
  const spec = { codeDir: s.target.codeDir, runtimeDir: s.launch.runtimeDir };
  const env = buildEnvironmentVariables({
    config: s.target.config,
    version: s.target.version,
    region: s.region,
    logGroup: s.log.group,
    logStream: s.log.stream,
    runtimeApi: s.endpoints.runtimeApi,
    credentials: s.credentials,
    engineEndpoint: s.endpoints.engineEndpoint,
    launch: s.launch,
    taskRoot: hostPath(spec, s.isolation, "/var/task"),
    runtimeDir: hostPath(spec, s.isolation, "/var/runtime"),
  });
  env.AWS_LAMBDA_INITIALIZATION_TYPE = s.initializationType;
  for (const adjust of s.plan.variables) adjust(env);
  return env;
}

/**
 * The process an environment runs: an image's entrypoint or the runtime in the zip sandbox, behind
 * the extensions' launcher when there are extensions, rewritten by the plan's features (EFS).
 * Built from nothing (see buildEnvironmentVariables); nothing of process.env is inherited.
 */
function environmentCommand(
  s: EnvironmentSpec,
  env: Record<string, string>,
  ext: ExtensionHost,
  sandbox: { network: SandboxNetwork | undefined; cgroupProcs: string | undefined },
): { cmd: Command; processEnv: Record<string, string> } {
  const { target, launch, isolation, plan } = s;
  const image = target.image;
  const tmpSizeMb = target.config.EphemeralStorage?.Size ?? 512;
  const processEnv = image
    ? buildImageEnvironment(env, image, target.config.Environment?.Variables)
    : env;
  const spec = { codeDir: target.codeDir, runtimeDir: launch.runtimeDir };
  const base = image
    ? imageProcessCommand(imageLaunchFor(image, ext), {
        bwrap: isolation.bwrap,
        tmpSizeMb,
        env: processEnv,
        network: sandbox.network,
        cgroupProcs: sandbox.cgroupProcs,
      })
    : buildSandboxCommand(
        {
          ...spec,
          optDir: plan.optDir,
          extraRoBinds: launch.extraRoBinds,
          hostsFile: plan.hostsFile,
          tmpSizeMb,
          argv: runtimeArgv(
            ext,
            target,
            launch.family,
            launch.argv.map((a) => hostPath(spec, isolation, a)),
          ),
          env: processEnv,
          network: sandbox.network,
          cgroupProcs: sandbox.cgroupProcs,
        },
        isolation,
      );
  return { cmd: plan.command.reduce((cmd, rewrite) => rewrite(cmd), base), processEnv };
}

/**
 * What the process is made of once the sandbox's parts exist: its variables, its extensions
 * (with their APIs; `child` is the process once started) and the command.
 */
export function prepareProcess(
  owner: ExtensionSetupInput,
  s: EnvironmentSpec,
  sandbox: { network: SandboxNetwork | undefined; cgroupProcs: string | undefined },
  opts: { accountId: string; child: () => SandboxProcess | undefined },
): {
  env: Record<string, string>;
  ext: ExtensionHost;
  cmd: Command;
  processEnv: Record<string, string>;
} {
  const env = environmentVariables(s);
  const ext = setupExtensions(owner, s.plan.optDir, {
    sandboxed: Boolean(s.isolation.bwrap),
    ...opts,
  });
  const { cmd, processEnv } = environmentCommand(s, env, ext, sandbox);
  const outputs = outputsOf(ext);
  return { env, ext, cmd: outputs ? { ...cmd, outputs } : cmd, processEnv };
}

/**
 * Starts an environment's command: in a sandbox through the spawn helper (a fork of the engine
 * would stall every other invoke), which hands over the namespace's listening sockets; otherwise
 * (only with the operator's explicit LAMBDA_ENGINE_SANDBOX=none, see canRunFunctions) as a local
 * process group of its own, killed whole, at a lower priority.
 */
export function spawnEnvironment(
  cmd: Command,
  processEnv: Record<string, string>,
  codeDir: string,
  isolation: Isolation,
  onListener: (port: number, handle: unknown) => void,
): SandboxProcess {
  if (isolation.bwrap) return spawnViaHelper(cmd, { cwd: "/", onListener });
  const child = spawnLocal(cmd, { env: processEnv, cwd: codeDir, detached: true });
  lowerPriority(child.pid);
  return child;
}
