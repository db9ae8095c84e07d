import { runtimeVersionOf } from "../functions/runtime-version";
import net from "node:net";
import path from "node:path";
import type { InvocationTarget } from "../functions/types";
import { imageLaunchProblem, type ImageLaunch } from "../images/launch";
import type { EnvironmentLog } from "../logs/environment-log";
import { formatInitStart } from "../logs/platform-lines";
import type { SandboxProcess } from "../sandbox/remote-spawn";
import { ExtensionHost, type ShutdownReason } from "./extension-host";
import type { ExtensionFailure } from "./extensions-api";
import { extensionOutputs, launcherArgv, listExtensions, MAX_EXTENSIONS } from "./launcher";

/** What setupExtensions reads of the environment it equips. */
export interface ExtensionSetupInput {
  target: InvocationTarget;
  initializationType: string;
  log: EnvironmentLog;
  logFormatJson: boolean;
}

/**
 * The extensions of a new environment: the executables of /opt/extensions (from its layers, or
 * its image's own /opt), the APIs that serve them, and the runtime's lines to telemetry.
 * `optDir` is the merged layers on the host; only a sandbox (bubblewrap) has an /opt to start
 * them from; `child` is the environment's process once started (telemetry connects inside it).
 */
export function setupExtensions(
  input: ExtensionSetupInput,
  optDir: string | undefined,
  opts: { sandboxed: boolean; accountId: string; child: () => SandboxProcess | undefined },
): ExtensionHost {
  const { target } = input;
  const opt = target.image ? path.join(target.image.rootfsDir, "opt") : optDir;
  const found = opts.sandboxed ? listExtensions(opt) : [];
  // Lambda launches at most 10; the 11th fails the init (LaunchError, TooManyExtensions).
  const names = found.slice(0, MAX_EXTENSIONS);
  const host = new ExtensionHost({
    meta: {
      functionName: target.config.FunctionName,
      functionVersion: target.version,
      handler: target.config.Handler ?? "",
      accountId: opts.accountId,
    },
    names,
    connect: (port) => {
      const child = opts.child();
      if (child?.connectInside) return child.connectInside(port);
      // No namespace of its own (the operator's opt-out): its loopback is the host's.
      return Promise.resolve(net.connect(port, "127.0.0.1"));
    },
    log: (line) => input.log.line(line),
    json: input.logFormatJson,
  });
  input.log.onOutput = (line) => host.runtimeLine(line);
  if (found.length > MAX_EXTENSIONS)
    host.api.fail({
      errorType: "Extension.LaunchError",
      message: `TooManyExtensions: ${found.length} extensions in /opt/extensions, at most ${MAX_EXTENSIONS}`,
    });
  // The INIT_START line was written before this environment had its APIs: its event opens the
  // telemetry that extensions subscribing during init receive.
  const initStart = JSON.parse(
    formatInitStart(
      true,
      runtimeVersionOf(target.config.Runtime ?? "provided.al2023", target.config.FunctionArn),
    ),
  ) as {
    record: Record<string, unknown>;
  };
  host.telemetry.emit("platform", "platform.initStart", {
    ...initStart.record,
    initializationType: input.initializationType,
  });
  return host;
}

/**
 * The runtime's argv as the environment starts it: through AWS_LAMBDA_EXEC_WRAPPER for the
 * managed runtimes that honour it, behind the extensions' launcher when there are extensions.
 */
export function runtimeArgv(
  host: ExtensionHost,
  target: InvocationTarget,
  family: string,
  argv: string[],
): string[] {
  const wrapper = target.config.Environment?.Variables?.AWS_LAMBDA_EXEC_WRAPPER;
  const wrapped =
    wrapper && !target.image && (family === "nodejs" || family === "python")
      ? [wrapper, ...argv]
      : argv;
  return host.launched ? launcherArgv(host.api.expected as string[], wrapped) : wrapped;
}

/** An image's launch behind the extensions' launcher (the image's own checks come first). */
export function imageLaunchFor(image: ImageLaunch, host: ExtensionHost): ImageLaunch {
  if (!host.launched || imageLaunchProblem(image)) return image;
  return { ...image, argv: launcherArgv(host.api.expected as string[], image.argv) };
}

/** How many output sockets the launcher's extensions write to (Command.outputs). */
export function outputsOf(host: ExtensionHost): number {
  return host.launched ? extensionOutputs(host.api.expected).size : 0;
}

/** Reads the extensions' outputs of an environment's process (see launcher.ts). */
export function attachExtensionOutputs(host: ExtensionHost, child: SandboxProcess): void {
  if (!host.launched) return;
  for (const [fd, names] of extensionOutputs(host.api.expected)) {
    const out = child.output?.(fd);
    if (out) host.attachOutput(out, names);
  }
}

/**
 * Starts the runtime once every extension has registered (Lambda's Extension init, then Runtime
 * init): the launcher waits for this line on its stdin.
 */
export function releaseRuntime(host: ExtensionHost, child: SandboxProcess): void {
  if (!host.launched) return;
  void host.registered().then(() => child.stdin?.end("go\n"));
}

/** Graceful ends still under way, so the engine's stop can wait for them. */
export class ShutdownTracker {
  private readonly pending = new Set<Promise<void>>();

  /**
   * SHUTDOWN to the extensions that registered for it, then `kill`; false (and nothing done)
   * when none did: the caller kills at once.
   */
  begin(host: ExtensionHost | undefined, reason: ShutdownReason, kill: () => void): boolean {
    if (!host) return false;
    if (host.isShuttingDown) return true;
    let done: () => void = () => {};
    const p = new Promise<void>((r) => (done = r));
    const started = host.shutdown(reason, () => {
      kill();
      done();
    });
    if (!started) return false;
    this.pending.add(p);
    void p.then(() => this.pending.delete(p));
    return true;
  }

  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** Init failed because of an extension (Extension.Crash, Extension.InitError...). */
export class ExtensionInitError extends Error {
  constructor(readonly failure: ExtensionFailure) {
    super(failure.message);
  }
}

/** Resolves when the runtime is ready and every extension has called Next. */
export async function untilInitialised(
  host: ExtensionHost,
  runtimeReady: Promise<void>,
): Promise<void> {
  const failed = host.failed.then((f) => Promise.reject(new ExtensionInitError(f)));
  failed.catch(() => {});
  await Promise.race([runtimeReady.then(() => host.initialised()), failed]);
}
