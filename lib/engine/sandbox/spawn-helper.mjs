// Spawn helper: a small process that starts sandboxes for the engine, so the engine never forks
// itself (a fork copies the page tables of the engine's whole heap and stalls its event loop
// for milliseconds; this process is a fraction of its size and has no event loop to stall).
//
// Protocol, one JSON object per line. In (stdin): { id, file, args, env, cwd, token,
// sandboxArgs?, network? }. The helper connects three times to the engine's abstract socket
// (argv[2]), writes `${token}${i}\n` on connection i (0 = stdin, 1 = stdout, 2 = stderr), and
// gives the three sockets to the child as its stdio. sandboxArgs go to the child on fd 3 (bwrap
// --args 3), never on a command line. With a network, bwrap reports the sandbox's pid on fd 4 and
// waits on fd 5 while this helper attaches pasta to its network namespace and makes the metadata
// service and the host's addresses unreachable there; then the command starts.
// Out (stdout): { id, pid } once started, { id, error } if not, { id, exit: [code, signal] }.
// When the engine goes (stdin ends), the helper goes: it stops every pasta it started, and bwrap's
// --die-with-parent takes the sandboxes with it.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { spawn } from "node:child_process";
import readline from "node:readline";

const socketPath = `\0${process.argv[2]}`; // the engine's abstract socket
const runDir = process.argv[3]; // private (0700): pasta's pid files
const send = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");
const asRoot = process.getuid?.() === 0;
/** pid file → pasta process, for every pasta running. */
const pastas = new Map();

function connect(token, i) {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath, () => s.write(`${token}${i}\n`, () => resolve(s)));
    s.once("error", reject);
  });
}

/** Runs a short host-side tool with a fixed environment; resolves on exit 0, else rejects with its stderr. */
function run(file, args, input) {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, {
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
      stdio: [input === undefined ? "ignore" : "pipe", "ignore", "pipe"],
    });
    let err = "";
    p.stderr.on("data", (c) => (err += c));
    p.once("error", reject);
    p.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)}: ${err.trim() || code}`)),
    );
    if (input !== undefined) p.stdin.end(input);
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

// Run inside the namespace (nsenter): makes a listening socket per port on its loopback and
// hands each to this helper over Node's IPC channel (fd 3), as a raw handle ("net.Native"), one
// at a time (each waits for Node's ACK). Only _socket: a bare interpreter starts in ~10 ms.
const LISTEN_SCRIPT = `
import _socket, sys
ipc = _socket.socket(fileno=3)
for port in map(int, sys.argv[1:]):
    s = _socket.socket(2, 1)
    s.setsockopt(1, 2, 1)
    s.bind(("127.0.0.1", port))
    s.listen(511)
    msg = ('{"cmd":"NODE_HANDLE","type":"net.Native","msg":{"port":%d}}\\n' % port).encode()
    ipc.sendmsg([msg], [(1, 1, s.fileno().to_bytes(4, sys.byteorder))])
    ipc.recv(4096)
`;

/**
 * Listening sockets made inside the namespace for the given ports, as raw handles. The engine
 * accepts on them directly: no relay between a runtime and its Runtime API.
 */
function listenInside(python, enter, ports) {
  return new Promise((resolve, reject) => {
    const p = spawn(
      "nsenter",
      [...enter, python, "-S", "-I", "-c", LISTEN_SCRIPT, ...ports.map(String)],
      {
        env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      },
    );
    const handles = new Map();
    let stderr = "";
    p.stderr.on("data", (c) => (stderr += c));
    p.on("message", (msg, handle) => {
      if (handle && typeof msg?.port === "number") handles.set(msg.port, handle);
    });
    p.once("error", reject);
    p.once("exit", (code) => {
      if (code === 0 && handles.size === ports.length) resolve(handles);
      else {
        for (const h of handles.values()) h.close();
        reject(new Error(`listening inside the namespace failed (${code}): ${stderr.trim()}`));
      }
    });
  });
}

/** Resolves once pasta has written its pid (it does so when the namespace is wired). */
function pastaReady(pasta, pidFile) {
  return new Promise((resolve, reject) => {
    const done = (err) => {
      watcher.close();
      clearTimeout(timer);
      pasta.off("exit", onExit);
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      try {
        if (fs.readFileSync(pidFile, "utf8").trim()) done();
      } catch {
        // not written yet
      }
    };
    let stderr = "";
    pasta.stderr.on("data", (c) => (stderr += c));
    const onExit = (code) => done(new Error(`pasta exited (${code}): ${stderr.trim()}`));
    pasta.once("exit", onExit);
    const watcher = fs.watch(runDir, (_event, name) => {
      if (name === path.basename(pidFile)) check();
    });
    const timer = setTimeout(
      () => done(new Error("pasta did not wire the namespace in 10 s")),
      10_000,
    );
    check();
  });
}

/**
 * Attaches pasta to the sandbox's network namespace (a child of this helper, so it is counted,
 * and stopped, with the sandbox) and, meanwhile, makes the metadata service and the host's own
 * addresses unreachable there.
 */
async function wireNetwork(req, pid) {
  const n = req.network;
  const pidFile = path.join(runDir, `pasta-${process.pid}-${req.id}.pid`);
  const ns = `/proc/${pid}/ns/net`;
  const args = [
    "-f",
    "-q",
    "-t",
    "none",
    "-u",
    "none",
    "-U",
    "none",
    "-T",
    n.forwards.map(([inside, host]) => `${inside}:${host}`).join(","),
    "--no-map-gw",
    "-P",
    pidFile,
    ...(n.outbound ? ["--config-net", "--no-dhcp", "--no-dhcpv6", "--no-ra"] : []),
    // As root pasta would drop to nobody, who may not enter a namespace owned by root.
    ...(asRoot ? ["--runas", "0:0", "--netns", ns, "--netns-only"] : [String(pid)]),
  ];
  fs.rmSync(pidFile, { force: true });
  const pasta = spawn(n.pasta, args, {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  pasta.once("error", () => {});
  pastas.set(pidFile, pasta);
  const routes = [
    ...(n.outbound ? n.unreachable.map((cidr) => `route replace unreachable ${cidr}`) : []),
  ].join("\n");
  const enter = asRoot
    ? [`--net=${ns}`]
    : [`--user=/proc/${pid}/ns/user`, `--net=${ns}`, "--preserve-credentials"];
  const [, , handles] = await Promise.all([
    pastaReady(pasta, pidFile),
    // Routes and sockets need only the namespace, not pasta's interface: made while pasta starts.
    routes ? run("nsenter", [...enter, "ip", "-batch", "-"], routes + "\n") : undefined,
    listenInside(n.python, enter, n.listeners),
  ]);
  return { pidFile, handles };
}

function stopPasta(pidFile) {
  const pasta = pastas.get(pidFile);
  pastas.delete(pidFile);
  if (pasta && pasta.exitCode === null && pasta.signalCode === null) pasta.kill("SIGTERM");
  fs.rm(pidFile, { force: true }, () => {});
}

async function start(req) {
  let sockets = [];
  try {
    sockets = await Promise.all([0, 1, 2].map((i) => connect(req.token, i)));
    const extra = req.sandboxArgs ? ["pipe", ...(req.network ? ["pipe", "pipe"] : [])] : [];
    const child = spawn(req.file, req.args, {
      env: req.env,
      cwd: req.cwd,
      stdio: [...sockets, ...extra],
    });
    let pidFile;
    child.once("error", (err) => send({ id: req.id, error: err.message }));
    child.once("spawn", () => send({ id: req.id, pid: child.pid }));
    child.once("exit", (code, signal) => {
      if (pidFile) stopPasta(pidFile);
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
        const wired = await wireNetwork(req, await sandboxPid(info));
        pidFile = wired.pidFile;
        // The engine serves the Runtime API on these (connections queue in the backlog meanwhile).
        for (const [port, handle] of wired.handles)
          process.send({ id: req.id, listener: port }, handle, () => handle.close());
        if (child.exitCode !== null || child.signalCode !== null) stopPasta(pidFile);
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

/** Stops the pastas of helpers that were killed before they could (their pid files remain). */
function sweepOrphans() {
  for (const name of fs.readdirSync(runDir)) {
    const m = /^pasta-(\d+)-\d+\.pid$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const file = path.join(runDir, name);
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    const comm = fs.existsSync(`/proc/${pid}/comm`)
      ? fs.readFileSync(`/proc/${pid}/comm`, "utf8")
      : "";
    if (/^(pasta|passt)/.test(comm)) process.kill(pid, "SIGTERM");
    fs.rmSync(file, { force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

try {
  sweepOrphans();
} catch {
  // an unreadable run dir: nothing to sweep
}

function quit() {
  for (const f of [...pastas.keys()]) stopPasta(f);
  process.exit(0);
}

// A test runner or a supervisor may signal the whole process group: pasta still goes with us.
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, quit);

readline
  .createInterface({ input: process.stdin })
  .on("line", (line) => void start(JSON.parse(line)))
  .on("close", quit);
