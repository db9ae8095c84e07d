// Listening sockets made inside a sandbox's network namespace and handed, as raw handles, to the
// spawn helper (and from it to the engine, which accepts on them: no relay between a runtime and
// its Runtime API), plus the namespace's unreachable routes. Node cannot enter a namespace, so
// python3 does it with setns: one long-lived agent that enters each namespace and comes back (as
// root), or one short script per sandbox (otherwise: it must enter the sandbox's user namespace
// to act in its network namespace, and that is one-way). Both pass the sockets over Node's IPC
// channel (fd 3) as "net.Native" handles. No exec after setns: capabilities would not survive it.
import { spawn } from "node:child_process";

// bwrap brings the namespace's loopback up itself, racing us: wait until lo is up (a netlink
// change of ours meanwhile can fail bwrap's own: "loopback: Failed RTM_NEWADDR").
const COMMON = `
import _socket, fcntl, struct, sys, time
ipc = _socket.socket(fileno=3)
def wait_lo():
    probe = _socket.socket(2, 2)
    try:
        for _ in range(2000):
            req = struct.pack("16sH", b"lo", 0)
            if struct.unpack("16sH", fcntl.ioctl(probe.fileno(), 0x8913, req))[1] & 1:
                return
            time.sleep(0.001)
    finally:
        probe.close()
def listen(ports):
    socks = []
    for port in ports:
        s = _socket.socket(2, 1)
        s.setsockopt(1, 2, 1)
        s.bind(("127.0.0.1", port))
        s.listen(511)
        socks.append((port, s))
    return socks
def connect(port):
    # A connection made inside the namespace (the Telemetry API's delivery to an extension's
    # listener): its source and destination are the sandbox's own loopback.
    s = _socket.socket(2, 1)
    s.settimeout(1)
    try:
        s.connect(("127.0.0.1", port))
    except Exception:
        s.close()
        raise
    s.setblocking(True)
    return [(port, s)]
def hand_over(key, socks, wait_ack=True):
    for port, s in socks:
        msg = ('{"cmd":"NODE_HANDLE","type":"net.Native","msg":{"key":%d,"port":%d}}\\n' % (key, port)).encode()
        ipc.sendmsg([msg], [(1, 1, s.fileno().to_bytes(4, sys.byteorder))])
        if wait_ack:
            ipc.recv(4096)
        s.close()
def drain_acks():
    try:
        while ipc.recv(65536, 0x40):
            pass
    except BlockingIOError:
        pass
import ctypes, json, os
libc = ctypes.CDLL(None, use_errno=True)
def enter(fd, kind):
    if libc.setns(fd, kind) != 0:
        raise OSError(ctypes.get_errno(), "setns")
def enter_ns(pid, kind, name):
    fd = os.open("/proc/%d/ns/%s" % (pid, name), os.O_RDONLY)
    try:
        enter(fd, kind)
    finally:
        os.close(fd)
NET, USER = 0x40000000, 0x10000000
def unreachable(cidrs):
    nl = _socket.socket(16, 3, 0)
    try:
        for seq, cidr in enumerate(cidrs, 1):
            addr, plen = cidr.split("/")
            fam = 10 if ":" in addr else 2
            dst = _socket.inet_pton(fam, addr)
            # rtmsg: main table, boot protocol, universe scope, RTN_UNREACHABLE; then RTA_DST.
            body = struct.pack("BBBBBBBBI", fam, int(plen), 0, 0, 254, 3, 0, 7, 0)
            body += struct.pack("HH", 4 + len(dst), 1) + dst
            # RTM_NEWROUTE with REQUEST | ACK | REPLACE | CREATE
            nl.send(struct.pack("IHHII", 16 + len(body), 24, 0x505, seq, 0) + body)
            err = struct.unpack("i", nl.recv(4096)[16:20])[0]
            if err:
                raise OSError(-err, "route " + cidr)
    finally:
        nl.close()
`;

const ONE_SHOT = `${COMMON}
pid, ports, cidrs = int(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
enter_ns(pid, USER, "user")
enter_ns(pid, NET, "net")
if len(sys.argv) > 4:
    hand_over(0, connect(ports[0]))
    sys.exit(0)
wait_lo()
socks = listen(ports)
unreachable(cidrs)
hand_over(0, socks)
`;

// As root: setns into each namespace and back. A failure to get home ends the agent (it must
// never work on the next sandbox in the wrong namespace). Handles go without waiting for each
// ACK (the kernel never joins two messages that carry fds, so Node reads them apart): a busy
// helper must not hold every other sandbox's start. ACKs are drained as they come.
const AGENT = `${COMMON}
home = os.open("/proc/self/ns/net", os.O_RDONLY)
while True:
    line = sys.stdin.readline()
    if not line:
        break
    req = json.loads(line)
    socks, error = [], None
    try:
        enter_ns(req["pid"], NET, "net")
        try:
            wait_lo()
            socks = listen(req["ports"])
            unreachable(req["unreachable"])
        finally:
            try:
                enter(home, NET)
            except OSError:
                os._exit(70)
    except Exception as e:
        error = str(e)
        for _, s in socks:
            s.close()
        socks = []
    hand_over(req["key"], socks, wait_ack=False)
    drain_acks()
    ipc.sendall((json.dumps({"key": req["key"], "done": True, "error": error}) + "\\n").encode())
`;

/** The only environment of the host-side tools the helper starts (python3, slirp4netns). */
export const TOOL_ENV = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };

/** Collects a process's handles by key and settles each key's promise. */
class Pending {
  waiting = new Map();
  add(key, ports) {
    return new Promise((resolve, reject) => {
      this.waiting.set(key, { ports, handles: new Map(), resolve, reject });
    });
  }
  handle(key, port, handle) {
    const w = this.waiting.get(key);
    if (w) w.handles.set(port, handle);
    else handle.close();
  }
  settle(key, error) {
    const w = this.waiting.get(key);
    if (!w) return;
    this.waiting.delete(key);
    if (!error && w.handles.size === w.ports.length) return w.resolve(w.handles);
    for (const h of w.handles.values()) h.close();
    w.reject(new Error(`listening inside the namespace failed: ${error ?? "no sockets"}`));
  }
  failAll(error) {
    for (const key of [...this.waiting.keys()]) this.settle(key, error);
  }
}

let agent;
let nextKey = 1;

function startAgent(python) {
  const pending = new Pending();
  const p = spawn(python, ["-S", "-I", "-c", AGENT], {
    env: TOOL_ENV,
    stdio: ["pipe", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  p.stderr.on("data", (c) => (stderr = (stderr + c).slice(-2000)));
  p.stdin.on("error", () => {});
  p.on("message", (msg, handle) => {
    if (handle) pending.handle(msg.key, msg.port, handle);
    else if (msg?.done) pending.settle(msg.key, msg.error ?? undefined);
  });
  p.on("error", () => {});
  p.once("exit", (code) => {
    if (agent?.process === p) agent = undefined;
    pending.failAll(`the socket agent exited (${code}): ${stderr.trim()}`);
  });
  p.channel?.unref();
  p.unref();
  return { process: p, pending };
}

function viaAgent(python, pid, ports, unreachable) {
  agent ??= startAgent(python);
  const key = nextKey++;
  const done = agent.pending.add(key, ports);
  agent.process.stdin.write(JSON.stringify({ key, pid, ports, unreachable }) + "\n");
  return done;
}

function viaScript(python, pid, ports, unreachable, connect = false) {
  const pending = new Pending();
  const done = pending.add(0, ports);
  const args = [String(pid), JSON.stringify(ports), JSON.stringify(unreachable)];
  if (connect) args.push("connect");
  const p = spawn(python, ["-S", "-I", "-c", ONE_SHOT, ...args], {
    env: TOOL_ENV,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  p.stderr.on("data", (c) => (stderr += c));
  p.on("message", (msg, handle) => handle && pending.handle(0, msg.port, handle));
  // Node ACKs each handle; the last ACK may find the script gone (EPIPE): not an error here.
  p.on("error", (err) => err.code !== "EPIPE" && pending.settle(0, err.message));
  p.once("exit", (code) =>
    pending.settle(0, code === 0 ? undefined : `(${code}) ${stderr.trim()}`),
  );
  return done;
}

/**
 * Listening sockets on the loopback of /proc/<pid>'s network namespace (port → raw handle), and
 * the namespace's unreachable routes.
 */
export function listenInside(python, pid, ports, unreachable, asRoot) {
  return asRoot
    ? viaAgent(python, pid, ports, unreachable)
    : viaScript(python, pid, ports, unreachable);
}

/**
 * A TCP connection made inside /proc/<pid>'s network namespace to 127.0.0.1:<port> there (the
 * Telemetry API's delivery to an extension's listener), as a raw handle. Always a script of its
 * own, never the shared agent: a listener that stalls its accept queue must not hold up other
 * sandboxes' starts (callers keep connections alive, so this is rare).
 */
export async function connectInside(python, pid, port) {
  const handles = await viaScript(python, pid, [port], [], true);
  return handles.get(port);
}
