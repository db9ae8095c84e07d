import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import os from "node:os";

import { resolveDataDir, type EnvVars } from "../data-dir";

export { type EnvVars };

export interface EngineConfig {
  host: string;
  port: number;
  /** Function URLs' listener (LAMBDA_ENGINE_URL_PORT; default the engine's port + 1, 0 with 0). */
  urlPort: number;
  dataDir: string;
  region: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Account concurrency limit (LAMBDA_ENGINE_CONCURRENCY_LIMIT). */
  concurrencyLimit: number;
  /** Idle environments are reaped after this long (LAMBDA_ENGINE_IDLE_MS). */
  idleMs: number;
  /** New environments per function per 10 s (LAMBDA_ENGINE_SCALING_RATE; AWS: 1,000). */
  scalingRate: number;
  /** Machine cap on live environments (LAMBDA_ENGINE_MAX_ENVIRONMENTS; default from cores and memory). */
  maxEnvironments: number;
  /** Multiplies async retry delays (LAMBDA_ENGINE_ASYNC_DELAY_SCALE; 1 = Lambda's ~1 and ~2 minutes). */
  asyncDelayScale: number;
  /** Pre-started Node.js sandboxes per recently used memory/storage size (LAMBDA_ENGINE_STANDBY; 0 = off). */
  standbyPerKey: number;
  /** Standbys per size at most when sized from its cold starts per second (LAMBDA_ENGINE_STANDBY_MAX). */
  standbyMaxPerKey: number;
  /** Idle this long, a size's observed burst is halved and extra standbys reclaimed (LAMBDA_ENGINE_STANDBY_DECAY_MS). */
  standbyDecayMs: number;
  /** Accept requests without a signature (LAMBDA_ENGINE_ALLOW_UNSIGNED=1, loopback only: benchmarks). */
  allowUnsigned: boolean;
  /** Functions reach beyond the engine (LAMBDA_ENGINE_OUTBOUND=off: only their Runtime API and the engine). */
  outbound: boolean;
  /** The variables isolation is detected from (LAMBDA_ENGINE_SANDBOX, _BWRAP, _SLIRP4NETNS, _CGROUPS). */
  sandboxEnv: EnvVars;
}

const DEFAULT_ACCOUNT_ID = "000000000000";

const SANDBOX_VARIABLES = [
  "LAMBDA_ENGINE_SANDBOX",
  "LAMBDA_ENGINE_BWRAP",
  "LAMBDA_ENGINE_SLIRP4NETNS",
  "LAMBDA_ENGINE_CGROUPS",
];

/** The isolation variables of an engine started with its own env; the rest come from process.env. */
function sandboxVariables(env: EnvVars): EnvVars {
  const out: Record<string, string | undefined> = {};
  for (const k of SANDBOX_VARIABLES) out[k] = env[k] ?? process.env[k];
  return out;
}

function intEnv(env: EnvVars, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function scaleEnv(env: EnvVars, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

/** A laptop-safe cap: 32 environments per core, and no more than one per 128 MB of memory. */
function defaultMaxEnvironments(): number {
  const byCores = os.cpus().length * 32;
  const byMemory = Math.floor(os.totalmem() / (128 * 1024 * 1024));
  return Math.max(8, Math.min(byCores, byMemory));
}

/** Credentials are generated once and kept in the data dir; the env vars win when set. */
function loadCredentials(
  env: EnvVars,
  dataDir: string,
): { accessKeyId: string; secretAccessKey: string } {
  const id = env.LAMBDA_ENGINE_ACCESS_KEY_ID;
  const secret = env.LAMBDA_ENGINE_SECRET_ACCESS_KEY;
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret };
  const file = path.join(dataDir, "engine-credentials.json");
  try {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    if (saved.accessKeyId && saved.secretAccessKey) return saved;
  } catch {
    // first start: generate below
  }
  const creds = {
    accessKeyId: "AKIA" + crypto.randomBytes(8).toString("hex").toUpperCase(),
    secretAccessKey: crypto.randomBytes(30).toString("base64url"),
  };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

// Issue 21: function URLs listen next to the API; an ephemeral engine gets an ephemeral URL port.
function urlPortOf(env: EnvVars): number {
  const port = intEnv(env, "LAMBDA_ENGINE_PORT", 9001);
  return intEnv(env, "LAMBDA_ENGINE_URL_PORT", port === 0 ? 0 : port + 1);
}

export function loadEngineConfig(env: EnvVars = process.env): EngineConfig {
  const dataDir = resolveDataDir(env);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const accountId = env.LAMBDA_ENGINE_ACCOUNT_ID || DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId))
    throw new Error(`LAMBDA_ENGINE_ACCOUNT_ID must be 12 digits, got "${accountId}"`);
  const host = env.LAMBDA_ENGINE_HOST || "127.0.0.1";
  if (env.LAMBDA_ENGINE_ALLOW_UNSIGNED === "1" && !/^(127\.|localhost$|::1$)/.test(host)) {
    throw new Error(
      "LAMBDA_ENGINE_ALLOW_UNSIGNED=1 is only allowed when the engine binds to loopback",
    );
  }
  const standbyPerKey = intEnv(env, "LAMBDA_ENGINE_STANDBY", 2);
  return {
    host,
    port: intEnv(env, "LAMBDA_ENGINE_PORT", 9001),
    urlPort: urlPortOf(env),
    dataDir,
    region: env.LAMBDA_ENGINE_REGION || "us-east-1",
    accountId,
    ...loadCredentials(env, dataDir),
    concurrencyLimit: intEnv(env, "LAMBDA_ENGINE_CONCURRENCY_LIMIT", 1000),
    idleMs: intEnv(env, "LAMBDA_ENGINE_IDLE_MS", 10 * 60_000),
    allowUnsigned: env.LAMBDA_ENGINE_ALLOW_UNSIGNED === "1",
    scalingRate: intEnv(env, "LAMBDA_ENGINE_SCALING_RATE", 1000),
    maxEnvironments: intEnv(env, "LAMBDA_ENGINE_MAX_ENVIRONMENTS", defaultMaxEnvironments()),
    asyncDelayScale: scaleEnv(env, "LAMBDA_ENGINE_ASYNC_DELAY_SCALE", 1),
    standbyPerKey,
    // Off by default (= LAMBDA_ENGINE_STANDBY): a larger cap trades memory for burst cold starts.
    standbyMaxPerKey: intEnv(env, "LAMBDA_ENGINE_STANDBY_MAX", standbyPerKey),
    standbyDecayMs: intEnv(env, "LAMBDA_ENGINE_STANDBY_DECAY_MS", 30_000) || 1,
    outbound: env.LAMBDA_ENGINE_OUTBOUND !== "off",
    sandboxEnv: env === process.env ? process.env : sandboxVariables(env),
  };
}
