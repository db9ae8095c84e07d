// The bench's servers beside the engine: the node:http floor and the peer (serverless-offline,
// a pinned dev dependency of the project, run from its node_modules), and
// the cold-start floors. Each start() returns { pid, port, fnName, bootMs, stop }.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CREDS, median, now, pct, portOpen, sdkTarget, sleep } from "./measure.mjs";

const DIR = path.dirname(fileURLToPath(import.meta.url));
const SVC = path.join(DIR, "svc");
export const HANDLER = path.join(SVC, "handler.mjs");
const PEER_PORT = Number(process.env.PEER_LAMBDA_PORT || 3002);
const OUT = path.resolve(DIR, "../../../.tmp/bench");

const live = new Map(); // pid → is a group leader; killed if this process is interrupted
for (const sig of ["SIGINT", "SIGTERM"])
  process.on(sig, () => {
    for (const [pid, group] of live) {
      try {
        process.kill(group ? -pid : pid, "SIGKILL");
      } catch {}
    }
    process.exit(130);
  });
async function stop(child, group = false) {
  live.delete(child.pid);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  const kill = (sig) => {
    try {
      if (group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {}
  };
  kill("SIGTERM");
  if (await Promise.race([done.then(() => true), sleep(5000).then(() => false)])) return;
  kill("SIGKILL");
  await done;
}
function waitLine(child, re, ms) {
  return new Promise((res, rej) => {
    let buf = "";
    const to = setTimeout(() => rej(new Error(`no ${re} within ${ms} ms`)), ms);
    child.stdout.on("data", (d) => {
      const m = re.exec((buf += d));
      if (!m) return;
      clearTimeout(to);
      res(m);
    });
    child.once("exit", (c) => (clearTimeout(to), rej(new Error(`child exited ${c} before ${re}`))));
  });
}

/** A floor server (a script of this folder that prints its port) in its own process. */
async function startFloorScript(script, ...args) {
  const a = now();
  const ch = spawn(process.execPath, [path.join(DIR, script), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  live.set(ch.pid, false);
  const port = Number((await waitLine(ch, /(\d+)\n/, 10_000))[1]);
  return { pid: ch.pid, port, fnName: (f) => f, bootMs: now() - a, stop: () => stop(ch) };
}

/** floor (a): plain node:http server in its own process */
export const startFloor = () => startFloorScript("floor-server.mjs");

/** floor (b): the echo with its answer from a second process (floor-hop-server.mjs): rapi | raw */
export const startHopFloor = (mode) => () => startFloorScript("floor-hop-server.mjs", mode);

/** serverless offline start (what `npx serverless offline start` runs), own process group */
export async function startPeer() {
  if (await portOpen(PEER_PORT))
    throw new Error(`port ${PEER_PORT} is already in use; free it or set PEER_LAMBDA_PORT`);
  fs.mkdirSync(OUT, { recursive: true });
  const logFile = path.join(OUT, "serverless-offline.log");
  const fd = fs.openSync(logFile, "a");
  const a = now();
  const ch = spawn(
    process.execPath,
    [path.resolve(DIR, "../../../node_modules/serverless/bin/serverless.js"), "offline", "start"],
    {
      cwd: SVC,
      detached: true,
      stdio: ["ignore", fd, fd],
      env: {
        ...process.env,
        PEER_LAMBDA_PORT: String(PEER_PORT),
        // Dummy credentials: the peer never reaches AWS. Keep the Serverless CLI quiet and offline.
        AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_EC2_METADATA_DISABLED: "true",
        SLS_TELEMETRY_DISABLED: "1",
        SLS_TRACKING_DISABLED: "1",
        SLS_NOTIFICATIONS_MODE: "off",
        SLS_DEPRECATION_DISABLE: "*",
      },
    },
  );
  fs.closeSync(fd);
  live.set(ch.pid, true);
  let exited = null;
  ch.once("exit", (c, sig) => (exited = `${c ?? sig}`));
  const stopIt = () => stop(ch, true);
  try {
    while (!(await portOpen(PEER_PORT))) {
      if (exited !== null) {
        const tail = fs.readFileSync(logFile, "utf8").slice(-2000);
        throw new Error(`serverless offline exited (${exited}); log tail:\n${tail}`);
      }
      if (now() - a > 120_000) throw new Error("serverless offline: no Lambda port in 120 s");
      await sleep(10);
    }
  } catch (e) {
    await stopIt();
    throw e;
  }
  const fnName = (f) => `peerbench-dev-${f}`;
  return { pid: ch.pid, port: PEER_PORT, fnName, bootMs: now() - a, stop: stopIt };
}

const stats = (s) => ({ first: s[0], median: median(s), min: pct(s, 0), max: pct(s, 1) });

/** floor (c): spawn → import handler → listen → answer one SDK Invoke */
export async function floorColdChild(n) {
  const s = [];
  const port = 20000 + Math.floor(Math.random() * 20000);
  const t = sdkTarget(port, (f) => f, false); // a new connection to each new child
  for (let i = 0; i < n; i++) {
    const a = now();
    const ch = spawn(process.execPath, [path.join(DIR, "floor-cold-child.mjs"), HANDLER], {
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await waitLine(ch, /ready\n/, 10_000);
    const r = await t.invoke("hello");
    s.push(now() - a);
    if (!r.ok) throw new Error("floor child bad answer");
    await stop(ch);
  }
  t.agent.destroy();
  return stats(s);
}

/** floor (c'): spawn → import handler → GET next → POST response (Runtime API style) */
export async function floorColdRapi(n) {
  let pending = null;
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "GET") {
        res.writeHead(200, {
          "content-type": "application/json",
          "lambda-runtime-aws-request-id": "req-1",
          "lambda-runtime-deadline-ms": String(Date.now() + 30_000),
        });
        return res.end("{}");
      }
      res.writeHead(202).end();
      pending?.(Buffer.concat(chunks).toString());
    });
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const api = `127.0.0.1:${srv.address().port}`,
    s = [];
  for (let i = 0; i < n; i++) {
    const got = new Promise((r) => (pending = r));
    const a = now();
    const ch = spawn(process.execPath, [path.join(DIR, "floor-rapi-child.mjs"), HANDLER], {
      env: { ...process.env, AWS_LAMBDA_RUNTIME_API: api },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const body = await got;
    s.push(now() - a);
    if (!JSON.parse(body).ok) throw new Error("rapi child bad answer");
    await stop(ch);
  }
  srv.close();
  srv.closeAllConnections?.();
  return stats(s);
}
