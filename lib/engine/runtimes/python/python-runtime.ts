import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Which Python runs a python3.X function (issue 21): a Python 3.X interpreter when the machine
 * has one (python3.X on PATH, a pyenv or uv install), else the host's python3, and the log says so.
 */
const HOST_PYTHON = "/usr/bin/python3";

export interface PythonChoice {
  /** The interpreter on the host (what runs without a sandbox). */
  python: string;
  /** The interpreter as the sandbox shows it: /var/lang/bin/python3.X, as on Lambda, when it has its own prefix. */
  inside: string;
  /** "3.12.1" */
  version: string;
  /** Read-only views the sandbox needs for an interpreter outside /usr. */
  binds: { host: string; inside: string }[];
  /** A line for the function's log: which Python ran, when it is not simply the system's. */
  notice?: string;
}

interface Probe {
  version: string;
  executable: string;
  prefix: string;
}

type Env = Readonly<Record<string, string | undefined>>;

// One probe per interpreter path and one choice per runtime and search path: an environment's
// start must not run a python each time.
const probes = new Map<string, Probe | null>();
const choices = new Map<string, PythonChoice>();

const PROBE =
  "import os,sys;print('%d.%d.%d'%sys.version_info[:3]);print(sys.executable);print(sys.base_prefix)";

/** Runs a candidate once: its real version, the executable it ends up as (through pyenv's shims), its prefix. */
function probe(candidate: string): Probe | null {
  const cached = probes.get(candidate);
  if (cached !== undefined) return cached;
  let result: Probe | null = null;
  try {
    result = parseProbe(
      execFileSync(candidate, ["-c", PROBE], {
        encoding: "utf8",
        timeout: 10_000,
        stdio: ["ignore", "pipe", "ignore"],
      }),
    );
  } catch {
    result = null;
  }
  probes.set(candidate, result);
  return result;
}

function parseProbe(out: string): Probe | null {
  const [version = "", executable = "", prefix = ""] = out.trim().split("\n");
  return version && path.isAbsolute(executable) ? { version, executable, prefix } : null;
}

function probeAsync(candidate: string): Promise<Probe | null> {
  const cached = probes.get(candidate);
  if (cached !== undefined) return Promise.resolve(cached);
  return new Promise((resolve) => {
    execFile(candidate, ["-c", PROBE], { encoding: "utf8", timeout: 10_000 }, (err, stdout) => {
      const result = err ? null : parseProbe(stdout);
      probes.set(candidate, result);
      resolve(result);
    });
  });
}

/**
 * Probes a python3.X runtime's candidates off the event loop (a function's settle, the engine's
 * start), so an environment's start finds the answer cached instead of running a python.
 */
export async function ensurePythonRuntime(
  runtime: string | undefined,
  env: Env = process.env,
): Promise<void> {
  if (!runtime?.startsWith("python")) return;
  const minor = runtime.slice("python".length);
  for (const candidate of pythonCandidates(minor, env)) {
    const p = await probeAsync(candidate);
    if (p?.version.startsWith(`${minor}.`)) return;
  }
  await probeAsync(HOST_PYTHON);
}

/** Newest first: "3.12.10" before "3.12.9". */
function byVersionDesc(a: string, b: string): number {
  const pa = a.match(/\d+/g)?.map(Number) ?? [];
  const pb = b.match(/\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? -1) - (pa[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function installs(root: string, dirPattern: RegExp, exe: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return [];
  }
  return entries
    .filter((e) => dirPattern.test(e))
    .sort(byVersionDesc)
    .map((e) => path.join(root, e, "bin", exe));
}

/** Where a Python 3.X may be, in the order they are tried. */
function pythonCandidates(minor: string, env: Env = process.env): string[] {
  const exe = `python${minor}`;
  const home = env.HOME || os.homedir();
  const escaped = minor.replace(".", "\\.");
  const fromPath = (env.PATH ?? "")
    .split(":")
    .filter((d) => path.isAbsolute(d))
    .map((d) => path.join(d, exe));
  const pyenvRoot = env.PYENV_ROOT || path.join(home, ".pyenv");
  const uvRoot =
    env.UV_PYTHON_INSTALL_DIR ||
    path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "uv", "python");
  return [
    ...fromPath,
    ...installs(path.join(pyenvRoot, "versions"), new RegExp(`^${escaped}(\\.\\d+)?$`), exe),
    ...installs(uvRoot, new RegExp(`^cpython-${escaped}\\.\\d+[^/]*$`), exe),
  ].filter((c) => fs.existsSync(c));
}

const underUsr = (p: string) => p === "/usr" || p.startsWith("/usr/");

/**
 * How the sandbox shows an interpreter outside /usr. One installed in its own prefix (pyenv, uv,
 * /opt/python) appears at /var/lang, where Lambda keeps its Python: sys.executable and tracebacks
 * say /var/lang/..., and BASE_PROCESS_ENV's LD_LIBRARY_PATH (/var/lang/lib first) finds its
 * libpython. Anything else (a link in a bin directory) is shown at its own path.
 */
function sandboxView(p: Probe): Pick<PythonChoice, "inside" | "binds"> {
  const exe = path.basename(p.executable);
  if (underUsr(p.executable)) return { inside: p.executable, binds: [] };
  if (!underUsr(p.prefix) && p.executable === path.join(p.prefix, "bin", exe))
    return { inside: `/var/lang/bin/${exe}`, binds: [{ host: p.prefix, inside: "/var/lang" }] };
  const binds = [path.dirname(p.executable), p.prefix]
    .filter((d, i, all) => d && !underUsr(d) && all.indexOf(d) === i)
    .map((d) => ({ host: d, inside: d }));
  return { inside: p.executable, binds };
}

/** The interpreter for a python3.X runtime ("python3.12"), found once per search path. */
export function pythonFor(runtime: string, env: Env = process.env): PythonChoice {
  const minor = runtime.slice("python".length);
  const key = [runtime, env.PATH, env.HOME, env.PYENV_ROOT, env.UV_PYTHON_INSTALL_DIR].join("\0");
  const cached = choices.get(key);
  if (cached) return cached;
  let choice: PythonChoice | undefined;
  for (const candidate of pythonCandidates(minor, env)) {
    const p = probe(candidate);
    // A python3.X that is really another version (a misnamed link, a pyenv shim without it) is not one.
    if (!p || !p.version.startsWith(`${minor}.`)) continue;
    choice = {
      python: p.executable,
      ...sandboxView(p),
      version: p.version,
      notice: underUsr(p.executable)
        ? undefined
        : `[lambda-console] ${runtime} runs on Python ${p.version} (${p.executable})`,
    };
    break;
  }
  if (!choice) {
    const host = probe(HOST_PYTHON);
    const version = host?.version ?? "3";
    choice = {
      python: HOST_PYTHON,
      inside: HOST_PYTHON,
      version,
      binds: [],
      notice: version.startsWith(`${minor}.`)
        ? undefined
        : `[lambda-console] ${runtime} requested; running on the host's Python ${version} (${HOST_PYTHON}): no Python ${minor} on PATH, in pyenv or uv`,
    };
  }
  choices.set(key, choice);
  return choice;
}
