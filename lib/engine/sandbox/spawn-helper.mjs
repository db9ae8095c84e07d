// Spawn helper: a small process that starts sandboxes for the engine, so the engine never forks
// itself (a fork copies the page tables of the engine's whole heap and stalls its event loop
// for milliseconds; this process is a fraction of its size and has no event loop to stall).
//
// Protocol, one JSON object per line. In (stdin): { id, file, args, env, cwd, token,
// sandboxArgs?, network? }. The helper connects three times to the engine's abstract socket
// (argv[2]), writes `${token}${i}\n` on connection i (0 = stdin, 1 = stdout, 2 = stderr), and
// gives the three sockets to the child as its stdio. sandboxArgs go to the child on fd 3 (bwrap
// --args 3), never on a command line. With a network, bwrap reports the sandbox's pid on fd 4 and
// waits on fd 5 while this helper wires its network namespace (see wireNetwork); then the
// command starts.
// Out (stdout): { id, pid } once started, { id, error } if not, { id, exit: [code, signal] }.
// When the engine goes (stdin ends), the helper goes: slirp4netns follows (its exit fd), and
// bwrap's --die-with-parent takes the sandboxes with it.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import { spawn } from "node:child_process";
import readline from "node:readline";
import { connectInside, listenInside, TOOL_ENV } from "./namespace-sockets.mjs";

const socketPath = `\0${process.argv[2]}`; // the engine's abstract socket
const send = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");
const asRoot = process.getuid?.() === 0;

// This helper and its socket agent run at the engine's priority: they are the pipeline every cold
// start goes through, and at the sandboxes' priority a burst's first runtimes starved the wiring of
// the rest (50 cold starts came up one after another). What runs function code (bwrap and all it
// starts, slirp4netns) runs SANDBOX_NICE below it; `nice` applies it before bwrap runs at all.
const SANDBOX_NICE = 5;
const NICE = ["/usr/bin/nice", "/bin/nice"].find((f) => fs.existsSync(f));
/** [file, args] starting a sandbox below this helper's priority. */
function lowered(file, args) {
  return NICE ? [NICE, ["-n", String(SANDBOX_NICE), file, ...args]] : [file, args];
}
function lowerPriority(pid) {
  try {
    if (pid) os.setPriority(pid, Math.min(19, os.getPriority(pid) + SANDBOX_NICE));
  } catch {
    // not permitted here: it runs as it is
  }
}
/** request id → slirp4netns process, for every sandbox with outbound access. */
const slirps = new Map();
/** request id → { pid, python } of each running sandbox with a network namespace. */
const namespaces = new Map();

function connect(token, i) {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath, () => s.write(`${token}${i}\n`, () => resolve(s)));
    s.on("error", reject); // a later error (the engine dropped it) rejects nothing, crashes nothing
  });
}

/** The sandbox's pid, as bwrap writes it on its info fd once the namespaces exist. */
function sandboxPid(info) {
  return new Promise((resolve, reject) => {
    let text = "";
    info.on("data", (c) => {
      text += c;
      const m = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    info.once("close", () =>
      reject(new Error("the sandbox ended before its namespaces were made")),
    );
  });
}

/**
 * Gives the namespace outbound access through slirp4netns (a child of this helper, counted and
 * stopped with its sandbox; it also exits when this helper does, through its exit fd). Host
 * loopback stays out of reach (--disable-host-loopback). Resolves once it reports ready.
 */
function startSlirp(n, pid, key) {
  return new Promise((resolve, reject) => {
    const args = [
      "--configure",
      "--mtu=65520",
      "--disable-host-loopback",
      "--ready-fd=3",
      "--exit-fd=4",
      ...(asRoot ? [] : [`--userns-path=/proc/${pid}/ns/user`]),
      "--netns-type=path",
      `/proc/${pid}/ns/net`,
      "tap0",
    ];
    const slirp = spawn(n.slirp, args, {
      env: TOOL_ENV,
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    });
    lowerPriority(slirp.pid);
    slirps.set(key, slirp);
    let stderr = "";
    slirp.stderr.on("data", (c) => (stderr += c));
    slirp.stdio[4].on("error", () => {});
    slirp.once("error", reject);
    slirp.once("exit", (code) =>
      reject(new Error(`slirp4netns exited (${code}): ${stderr.trim()}`)),
    );
    slirp.stdio[3].once("data", () => resolve());
  });
}

/**
 * Wires the sandbox's network namespace: the listening sockets the engine serves inside it (the
 * Runtime API, the engine's API), unreachable routes for the metadata service and the host's own
 * addresses, and outbound access when the function has it.
 */
async function wireNetwork(req, pid) {
  const n = req.network;
  // First the sockets and routes (they wait for bwrap's loopback), then outbound access.
  const handles = await listenInside(
    n.python,
    pid,
    n.listeners,
    n.outbound ? n.unreachable : [],
    asRoot,
  );
  try {
    if (n.outbound) await startSlirp(n, pid, req.id);
  } catch (err) {
    for (const h of handles.values()) h.close();
    throw err;
  }
  return handles;
}

function stopSlirp(key) {
  const slirp = slirps.get(key);
  slirps.delete(key);
  if (slirp && slirp.exitCode === null && slirp.signalCode === null) slirp.kill("SIGTERM");
}

async function start(req) {
  let sockets = [];
  try {
    sockets = await Promise.all([0, 1, 2].map((i) => connect(req.token, i)));
    const extra = req.sandboxArgs ? ["pipe", ...(req.network ? ["pipe", "pipe"] : [])] : [];
    const [file, args] = lowered(req.file, req.args);
    const child = spawn(file, args, {
      env: req.env,
      cwd: req.cwd,
      stdio: [...sockets, ...extra],
    });
    child.once("error", (err) => send({ id: req.id, error: err.message }));
    if (!NICE) lowerPriority(child.pid);
    child.once("spawn", () => send({ id: req.id, pid: child.pid }));
    child.once("exit", (code, signal) => {
      stopSlirp(req.id);
      namespaces.delete(req.id);
      send({ id: req.id, exit: [code, signal] });
    });
    if (req.sandboxArgs) {
      child.stdio[3].on("error", () => {});
      child.stdio[3].end(req.sandboxArgs.map((a) => a + "\0").join(""));
    }
    if (req.network) {
      const [info, block] = [child.stdio[4], child.stdio[5]];
      block.on("error", () => {});
      try {
        const pid = await sandboxPid(info);
        const handles = await wireNetwork(req, pid);
        if (child.exitCode === null && child.signalCode === null)
          namespaces.set(req.id, { pid, python: req.network.python });
        // The engine serves on these (connections wait in the backlog until it does).
        for (const [port, handle] of handles)
          process.send({ id: req.id, listener: port }, handle, () => handle.close());
        if (child.exitCode !== null || child.signalCode !== null) stopSlirp(req.id);
        else block.end("1");
      } catch (err) {
        send({ id: req.id, error: `network: ${err instanceof Error ? err.message : err}` });
        child.kill("SIGKILL");
      }
    }
  } catch (err) {
    send({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  } finally {
    // The child holds its own copies; destroy (never end: a shutdown would reach the child's).
    for (const s of sockets) s.destroy();
  }
}

// One stream error must not take every sandbox down with this process: say it, carry on.
process.on("uncaughtException", (err) => {
  process.stderr.write(`[spawn-helper] ${err instanceof Error ? err.stack : String(err)}\n`);
});

function quit() {
  for (const key of [...slirps.keys()]) stopSlirp(key);
  process.exit(0);
}

// A test runner or a supervisor may signal the whole process group: slirp4netns goes with us.
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, quit);

/** { connect: { id, ref, port } }: a connection inside sandbox id's namespace, sent back by ref. */
async function connectFor(c) {
  const ns = namespaces.get(c.id);
  try {
    if (!ns) throw new Error("the sandbox has no network namespace");
    const handle = await connectInside(ns.python, ns.pid, c.port);
    process.send({ id: c.id, connected: c.ref }, handle, () => handle.close());
  } catch (err) {
    send({ id: c.id, ref: c.ref, connectError: err instanceof Error ? err.message : String(err) });
  }
}

readline
  .createInterface({ input: process.stdin })
  .on("line", (line) => {
    const req = JSON.parse(line);
    if (req.connect) void connectFor(req.connect);
    else void start(req);
  })
  .on("close", quit);
