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
/** pid file → pasta's pid, for every pasta running. */
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

/** Attaches pasta to the sandbox's network namespace and sets its unreachable routes. */
async function wireNetwork(req, pid) {
  const n = req.network;
  const pidFile = path.join(runDir, `pasta-${process.pid}-${req.id}.pid`);
  const ns = `/proc/${pid}/ns/net`;
  const args = [
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
  // pasta forks into the background once the namespace is wired: its exit means ready.
  await run(n.pasta, args);
  pastas.set(pidFile, Number(fs.readFileSync(pidFile, "utf8").trim()));
  if (!n.outbound || n.unreachable.length === 0) return pidFile;
  const enter = asRoot
    ? [`--net=${ns}`]
    : [`--user=/proc/${pid}/ns/user`, `--net=${ns}`, "--preserve-credentials"];
  // replace: a more specific route pasta copied from the host cannot win over these.
  const routes = n.unreachable.map((cidr) => `route replace unreachable ${cidr}`).join("\n");
  await run("nsenter", [...enter, "ip", "-batch", "-"], routes + "\n");
  return pidFile;
}

function stopPasta(pidFile) {
  const pid = pastas.get(pidFile);
  pastas.delete(pidFile);
  if (pid) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
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
        pidFile = await wireNetwork(req, await sandboxPid(info));
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
