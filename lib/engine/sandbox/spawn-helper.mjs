// Spawn helper: a small process that starts sandboxes for the engine, so the engine never forks
// itself (a fork copies the page tables of the engine's whole heap and stalls its event loop
// for milliseconds; this process is a fraction of its size and has no event loop to stall).
//
// Protocol, one JSON object per line. In (stdin): { id, file, args, env, cwd, token }. The helper
// connects three times to the engine's abstract socket (argv[2]), writes `${token}${i}\n` on connection i
// (0 = stdin, 1 = stdout, 2 = stderr), and gives the three sockets to the child as its stdio.
// Out (stdout): { id, pid } once started, { id, error } if not, { id, exit: [code, signal] }.
// When the engine goes (stdin ends), the helper goes, and bwrap's --die-with-parent takes the
// sandboxes with it.
import net from "node:net";
import { spawn } from "node:child_process";
import readline from "node:readline";

const socketPath = `\0${process.argv[2]}`; // the engine's abstract socket
const send = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");

function connect(token, i) {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath, () => s.write(`${token}${i}\n`, () => resolve(s)));
    s.once("error", reject);
  });
}

async function start(req) {
  let sockets = [];
  try {
    sockets = await Promise.all([0, 1, 2].map((i) => connect(req.token, i)));
    const child = spawn(req.file, req.args, { env: req.env, cwd: req.cwd, stdio: sockets });
    child.once("error", (err) => send({ id: req.id, error: err.message }));
    child.once("spawn", () => send({ id: req.id, pid: child.pid }));
    child.once("exit", (code, signal) => send({ id: req.id, exit: [code, signal] }));
  } catch (err) {
    send({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  } finally {
    // The child holds its own copies; destroy (never end: a shutdown would reach the child's).
    for (const s of sockets) s.destroy();
  }
}

readline
  .createInterface({ input: process.stdin })
  .on("line", (line) => void start(JSON.parse(line)))
  .on("close", () => process.exit(0));
