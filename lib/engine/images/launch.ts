import fs from "node:fs";
import path from "node:path";
import type { ImageRuntimeConfig } from "./pull";
import {
  resolvConfFor,
  buildSandboxCommand,
  bwrapCommand,
  isolationFlags,
  ARGS_FD,
  type Command,
  type SandboxNetwork,
} from "../sandbox/sandbox-command";

/** The function's ImageConfig: each field, when set, overrides the image's own. */
export interface FunctionImageConfig {
  EntryPoint?: string[];
  Command?: string[];
  WorkingDirectory?: string;
}

/** How to start an image function's process (paths as seen inside the sandbox). */
export interface ImageLaunch {
  /** Unpacked image rootfs on the host, shown read-only as /. */
  rootfsDir: string;
  /** ENTRYPOINT + CMD after the function's overrides. */
  argv: string[];
  workingDirectory: string;
  /** The image's ENV, as a map. */
  imageEnv: Record<string, string>;
}

export interface ImageSandboxOptions {
  bwrap: string;
  /** Private /tmp size (EphemeralStorage.Size). */
  tmpSizeMb: number;
  /** The process environment inside (buildImageEnvironment); never a host process's. */
  env: Record<string, string>;
  /** The namespace's network (see sandboxNetwork); without it, only the sandbox's own loopback. */
  network?: SandboxNetwork;
  /** When set, the process joins this cgroup before it execs, as for zip functions. */
  cgroupProcs?: string;
}

/** Applies ImageConfig over the image config (Lambda overrides field by field, unlike docker run). */
export function resolveImageLaunch(
  image: { rootfsDir: string; config: ImageRuntimeConfig },
  overrides: FunctionImageConfig = {},
): ImageLaunch {
  const imageEnv: Record<string, string> = {};
  for (const kv of image.config.env) {
    const eq = kv.indexOf("=");
    if (eq > 0) imageEnv[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return {
    rootfsDir: image.rootfsDir,
    argv: [
      ...(overrides.EntryPoint ?? image.config.entryPoint),
      ...(overrides.Command ?? image.config.command),
    ],
    workingDirectory: overrides.WorkingDirectory || image.config.workingDirectory || "/",
    imageEnv,
  };
}

/** Resolves a path inside the rootfs, following symlinks as the sandbox would (never above /). */
function insideRootfs(rootfs: string, p: string, depth = 0): string | undefined {
  if (depth > 16) return undefined;
  let current = rootfs;
  for (const part of p.split("/").filter((s) => s && s !== ".")) {
    if (part === "..") {
      current = current === rootfs ? rootfs : path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(next);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) {
      const target = fs.readlinkSync(next);
      const base = target.startsWith("/") ? "" : path.relative(rootfs, current);
      const resolved = insideRootfs(rootfs, path.posix.join("/", base, target), depth + 1);
      if (!resolved) return undefined;
      current = resolved;
    } else current = next;
  }
  return current;
}

/**
 * Checks what Lambda checks before it starts an image: an entrypoint that exists and a working
 * directory that exists, answering with Lambda's error types.
 */
export function imageLaunchProblem(
  launch: ImageLaunch,
): { errorType: string; message: string } | undefined {
  const [program] = launch.argv;
  if (!program)
    return {
      errorType: "Runtime.InvalidEntrypoint",
      message: "The image has no ENTRYPOINT or CMD and the function sets none.",
    };
  const wd = insideRootfs(launch.rootfsDir, launch.workingDirectory);
  if (!wd || !fs.statSync(wd).isDirectory()) {
    return {
      errorType: "Runtime.InvalidWorkingDirectory",
      message: `The working directory ${launch.workingDirectory} does not exist in the image.`,
    };
  }
  if (program.includes("/")) {
    const abs = program.startsWith("/")
      ? program
      : path.posix.join(launch.workingDirectory, program);
    const file = insideRootfs(launch.rootfsDir, abs);
    if (!file || !fs.statSync(file).isFile())
      return {
        errorType: "Runtime.InvalidEntrypoint",
        message: `The entrypoint ${program} does not exist in the image.`,
      };
    if ((fs.statSync(file).mode & 0o111) === 0)
      return {
        errorType: "Runtime.InvalidEntrypoint",
        message: `The entrypoint ${program} is not executable.`,
      };
  }
  return undefined;
}

/**
 * The process environment of an image function: the image's ENV under the function's variables
 * and Lambda's reserved ones (`reserved`, from the zip path's builder). PATH, LD_LIBRARY_PATH,
 * LANG and TZ stay as the image set them unless the function sets them: the image knows its
 * own layout, the host's defaults do not.
 */
export function buildImageEnvironment(
  reserved: Record<string, string>,
  launch: ImageLaunch,
  userVariables: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = { ...launch.imageEnv, ...reserved };
  for (const key of ["PATH", "LD_LIBRARY_PATH", "LANG", "TZ"]) {
    const fromImage = launch.imageEnv[key];
    if (fromImage !== undefined && userVariables[key] === undefined) env[key] = fromImage;
    else if (
      fromImage === undefined &&
      userVariables[key] === undefined &&
      key === "LD_LIBRARY_PATH"
    )
      delete env[key];
  }
  env.LAMBDA_TASK_ROOT = launch.imageEnv.LAMBDA_TASK_ROOT ?? "/var/task";
  env.LAMBDA_RUNTIME_DIR = launch.imageEnv.LAMBDA_RUNTIME_DIR ?? "/var/runtime";
  // The base images' entrypoint exports the handler from CMD; runtimes read it from _HANDLER.
  if (!env._HANDLER) env._HANDLER = launch.argv[launch.argv.length - 1] ?? "";
  delete env.AWS_EXECUTION_ENV;
  return env;
}

// Host files that give the function DNS and TLS, bound only where the image has a place for them.
const ETC_FILES = ["/etc/resolv.conf", "/etc/hosts"];

/**
 * bubblewrap on the unpacked rootfs: the image read-only as /, private /proc, /dev and a sized
 * /tmp, new pid/ipc/uts/user/network namespaces with Lambda's sandbox user, no capabilities, as
 * for zip functions. The image's ENV reaches only the sandbox (see bwrapCommand).
 */
export function buildImageSandboxCommand(
  launch: ImageLaunch,
  options: ImageSandboxOptions,
): Command {
  const etc = ETC_FILES.filter((f) => {
    try {
      return fs.lstatSync(path.join(launch.rootfsDir, f)).isFile();
    } catch {
      return false;
    }
  });
  const sandboxArgs = [
    "--ro-bind",
    launch.rootfsDir,
    "/",
    ...etc.flatMap((f) => [
      "--ro-bind-try",
      f === "/etc/resolv.conf" ? resolvConfFor(options.network) : f,
      f,
    ]),
    ...isolationFlags(options.tmpSizeMb, launch.workingDirectory, options.env, options.network),
  ];
  return bwrapCommand(
    options.bwrap,
    sandboxArgs,
    launch.argv,
    options.network,
    options.cgroupProcs,
  );
}

// Reports an init failure through the Runtime API as Lambda does (Runtime.InvalidEntrypoint...).
// Its inputs (the image's paths among them) come in its sandbox's environment, or on fd ${ARGS_FD}
// (without a sandbox), never on a command line.
const REPORT_INIT_ERROR = `
const inside = process.env.LAMBDA_CONSOLE_INIT_ERROR;
const [type, message] = inside ? JSON.parse(inside) : require("node:fs").readFileSync(${ARGS_FD}, "utf8").split("\\0");
console.error(type + ": " + message);
const body = JSON.stringify({ errorType: type, errorMessage: message });
const req = require("node:http").request("http://" + process.env.AWS_LAMBDA_RUNTIME_API + "/2018-06-01/runtime/init/error",
  { method: "POST", headers: { "lambda-runtime-function-error-type": type, "content-length": Buffer.byteLength(body) } },
  (res) => { res.resume(); res.on("end", () => process.exit(1)); });
req.on("error", () => process.exit(1));
req.end(body);
`;

/**
 * The command for an image environment as the scheduler spawns it. Without bubblewrap, or when
 * the entrypoint or working directory is missing, a small reporter posts Lambda's error type to
 * /init/error and exits, so the invoke fails as on Lambda and the reason reaches the log. With
 * bubblewrap the reporter runs in a sandbox like a zip function's (its Runtime API is there).
 */
export function imageProcessCommand(
  launch: ImageLaunch,
  options: Omit<ImageSandboxOptions, "bwrap"> & { bwrap?: string },
): Command {
  const problem = options.bwrap
    ? imageLaunchProblem(launch)
    : {
        errorType: "Runtime.Unavailable",
        message: "Container image functions need bubblewrap (bwrap) on the engine's host.",
      };
  if (!problem)
    return buildImageSandboxCommand(launch, { ...options, bwrap: options.bwrap ?? "bwrap" });
  const argv = [process.execPath, "-e", REPORT_INIT_ERROR];
  if (!options.bwrap)
    return {
      file: argv[0] ?? "",
      args: argv.slice(1),
      sandboxArgs: [problem.errorType, problem.message],
    };
  const node = path.dirname(process.execPath);
  return buildSandboxCommand(
    {
      codeDir: launch.rootfsDir,
      extraRoBinds: node.startsWith("/usr/") ? [] : [{ host: node, inside: node }],
      tmpSizeMb: options.tmpSizeMb,
      argv,
      env: {
        ...options.env,
        LAMBDA_CONSOLE_INIT_ERROR: JSON.stringify([problem.errorType, problem.message]),
      },
      network: options.network,
      cgroupProcs: options.cgroupProcs,
    },
    { bwrap: options.bwrap, optedOut: false },
  );
}
