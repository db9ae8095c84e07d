import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import type { EnvVars } from "../config";
import type { EngineContext } from "../context";
import type { RegistryCredentials } from "../../registry/credentials";
import { RegistryStartError } from "./errors";
import { prepareRegistryAuth } from "./registry-auth";

export interface LocalRegistry {
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>: the registry part of an ImageUri pointing here. */
  host: string;
  port: number;
  /** The account every request must carry (anonymous requests get 401). */
  credentials: RegistryCredentials;
  /** containers-auth.json with the credentials for `host` only (skopeo --authfile). */
  authFile: string;
  /** The registry process id right now (it changes when the supervisor restarts it). */
  pid(): number | undefined;
  /** Idempotent: stops the registry process (the stored images stay in the data dir). */
  dispose(): Promise<void>;
}

export interface RegistryOptions {
  /** 0 picks a free port. Default: LAMBDA_REGISTRY_PORT, else 5000. */
  port?: number;
  env?: EnvVars;
  /** How long to wait for "listening" before giving up. */
  startTimeoutMs?: number;
}

const BINARY = "docker-registry";
const SETPRIV = "/usr/bin/setpriv";
const MAX_RESTARTS = 3;

/** Port from LAMBDA_REGISTRY_PORT: "" → 5000, "0" → a free port, "off" → undefined (disabled). */
export function registryPortFromEnv(env: EnvVars = process.env): number | undefined {
  const raw = env.LAMBDA_REGISTRY_PORT;
  if (raw === undefined || raw === "") return 5000;
  if (raw === "off" || raw === "none") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`LAMBDA_REGISTRY_PORT must be a port, 0 or "off", got "${raw}"`);
  return n;
}

/** docker-registry cannot report a port it chose, so we pick one the kernel just handed out. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function registryStorage(dataDir: string): string {
  const storage = path.join(dataDir, "registry");
  fs.mkdirSync(storage, { recursive: true, mode: 0o700 });
  return storage;
}

function writeConfig(storage: string, port: number, htpasswdFile: string): string {
  const file = path.join(storage, "config.yml");
  // A stable secret per data dir keeps resumable uploads valid across restarts.
  const secretFile = path.join(storage, "http-secret");
  let secret: string;
  try {
    secret = fs.readFileSync(secretFile, "utf8").trim();
  } catch {
    secret = crypto.randomBytes(24).toString("hex");
    fs.writeFileSync(secretFile, secret, { mode: 0o600 });
  }
  const yml = [
    "version: 0.1",
    "log:",
    "  level: info",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${JSON.stringify(path.join(storage, "data"))}`,
    "  delete:",
    "    enabled: true",
    // Basic auth over plain HTTP: acceptable only because the registry listens on loopback.
    "auth:",
    "  htpasswd:",
    "    realm: lambda-engine-registry",
    `    path: ${JSON.stringify(htpasswdFile)}`,
    "http:",
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${secret}`,
    "",
  ].join("\n");
  fs.writeFileSync(file, yml, { mode: 0o600 });
  return file;
}

/** True while the process exists and is not a zombie (an orphan's reaper may be slow). */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/**
 * Spawns the registry and resolves once it says it listens and answers /v2/; rejects with a
 * RegistryStartError carrying its stderr when it exits first (port taken, bad config) or is
 * missing. Readiness is raced against exit so a crash at start cannot hang the engine.
 */
function spawnRegistry(
  configFile: string,
  port: number,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  authorization: string,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Through setpriv's parent-death signal: an engine killed with SIGKILL takes its registry
    // with it instead of leaving it on the port (util-linux; setpriv execs, so the pid is the
    // registry's, and a missing docker-registry still exits 127).
    const child = spawn(SETPRIV, ["--pdeathsig", "KILL", "--", BINARY, "serve", configFile], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(
          new RegistryStartError(`${BINARY} did not start within ${timeoutMs} ms`, stderr, null),
        ),
      timeoutMs,
    );
    child.on("error", (e: NodeJS.ErrnoException) =>
      fail(
        new RegistryStartError(
          e.code === "ENOENT" ? `${BINARY} is not installed` : e.message,
          stderr,
          null,
        ),
      ),
    );
    // "close", not "exit": the fatal line on stderr must be read before it is reported.
    child.on("close", (code) =>
      fail(
        code === 127
          ? new RegistryStartError(`${BINARY} is not installed`, "", code)
          : new RegistryStartError(`${BINARY} exited with code ${code}`, stderr, code),
      ),
    );
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString("utf8")).slice(-16_384);
      // "listening on" is logged only after the bind succeeded, so another process already on
      // the port cannot be mistaken for ours.
      if (!settled && stderr.includes(`listening on 127.0.0.1:${port}`)) {
        probeStatus(port, authorization).then(
          (status) => {
            if (settled) return;
            if (status !== 200)
              return fail(
                new RegistryStartError(`${BINARY} answered /v2/ with ${status}`, stderr, null),
              );
            settled = true;
            clearTimeout(timer);
            child.removeAllListeners("close");
            resolve(child);
          },
          (e: unknown) =>
            fail(new RegistryStartError(`${BINARY} is not answering: ${String(e)}`, stderr, null)),
        );
      }
    });
  });
}

/**
 * The status of GET /v2/ on the registry. node:http, which the engine has loaded anyway: fetch
 * would load undici into the engine at every start (~50 ms of CPU, issue 18).
 */
function probeStatus(port: number, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: "127.0.0.1",
          port,
          path: "/v2/",
          headers: { Authorization: authorization },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
      .on("error", reject);
  });
}

/**
 * Starts the local OCI registry (docker-registry, filesystem storage under <dataDir>/registry,
 * deletes enabled, every request authenticated with the data dir's registry credentials) as a
 * supervised child: a crash after start is restarted up to 3 times.
 */
export async function startLocalRegistry(
  ctx: Pick<EngineContext, "config">,
  options: RegistryOptions = {},
): Promise<LocalRegistry> {
  const env = options.env ?? process.env;
  const wanted = options.port ?? registryPortFromEnv(env) ?? 5000;
  const port = wanted === 0 ? await freePort() : wanted;
  const storage = registryStorage(ctx.config.dataDir);
  const auth = prepareRegistryAuth(ctx.config.dataDir, storage, `127.0.0.1:${port}`);
  const configFile = writeConfig(storage, port, auth.htpasswdFile);
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const childEnv: NodeJS.ProcessEnv = {
    NODE_ENV: process.env.NODE_ENV,
    PATH: env.PATH ?? "/usr/bin:/bin",
    HOME: path.join(ctx.config.dataDir, "registry"),
  };
  const spawnOnce = () => spawnRegistry(configFile, port, childEnv, timeoutMs, auth.authorization);
  let child: ChildProcess | undefined = await spawnOnce();
  let disposed = false;
  let restarts = 0;

  const supervise = (c: ChildProcess) => {
    c.stderr?.resume();
    c.once("exit", (code) => {
      if (disposed) return;
      child = undefined;
      if (restarts >= MAX_RESTARTS) {
        console.error(
          `[engine] local registry exited (code ${code}); not restarting after ${MAX_RESTARTS} restarts`,
        );
        return;
      }
      restarts += 1;
      console.error(`[engine] local registry exited (code ${code}); restarting`);
      spawnOnce().then(
        (next) => {
          if (disposed) next.kill("SIGKILL");
          else {
            child = next;
            supervise(next);
          }
        },
        (e: unknown) =>
          console.error(
            `[engine] local registry restart failed: ${e instanceof Error ? e.message : String(e)}`,
          ),
      );
    });
  };
  supervise(child);

  let disposing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    credentials: auth.credentials,
    authFile: auth.authFile,
    pid: () => child?.pid,
    dispose() {
      disposing ??= (async () => {
        disposed = true;
        const c = child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise<void>((r) => c.once("exit", () => r()));
        c.kill("SIGTERM");
        const timer = setTimeout(() => c.kill("SIGKILL"), 3_000);
        await exited;
        clearTimeout(timer);
      })();
      return disposing;
    },
  };
}
