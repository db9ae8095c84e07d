# Spawn helper: starts sandboxes for the engine, so the engine never forks itself (a fork copies the
# page tables of the engine's whole heap and stalls its event loop for milliseconds). It is Python
# rather than Node.js: ~12 MB of RSS against ~52 MB, and it can enter a sandbox's network namespace
# itself (setns, which Node cannot), so no socket agent runs beside it (issue 18: memory).
#
# Protocol, one JSON object per line. In (stdin): { id, file, args, env, cwd, token, outputs?,
# sandboxArgs?, bwrapFds?, enter?, network? }, or { connect: { id, ref, port } }. For a start the
# helper connects 3 + outputs times to the engine's abstract socket (argv[1]), writes
# `${token}${i}\n` on connection i and gives connection i to the child as its fd i (0 = stdin,
# 1 = stdout, 2 = stderr, 3 and up: the extensions' outputs). sandboxArgs go to the child on a
# pipe at bwrapFds[0] (bwrap --args), never on a command line. With a network, bwrap reports the
# sandbox's pid on bwrapFds[1] and waits on bwrapFds[2] while the helper wires its network
# namespace (Sandbox.wire); then the command starts. Its `enter` ({ cgroups, limits }), if any, is
# done to the sandbox's first process in that wait too (Sandbox.enter): it joins the cgroups and
# gets the rlimits before it starts anything, so no shell or prlimit runs per start.
# Out (stdout): { id, pid } once started, { id, error } if not, { id, exit: [code, signal] },
# { id, ref, connectError }. On Node's IPC channel (fd 3), as net.Native handles: each listening
# socket made inside a namespace ({ id, listener: port }) and each connection made there
# ({ id, connected: ref }).
# When the engine goes (stdin ends), the helper goes: slirp4netns follows (its exit fd), and
# bwrap's --die-with-parent takes the sandboxes with it.
import ctypes
import errno
import fcntl
import json
import os
import re
import resource
import selectors
import signal
import socket
import struct
import sys
import time
import traceback

if sys.version_info < (3, 9):  # os.pidfd_open, socket.send_fds
    found = sys.version.split()[0]
    sys.stderr.write(f"[spawn-helper] needs Python 3.9 or later; {sys.executable} is {found}\n")
    sys.exit(70)

AS_ROOT = os.getuid() == 0
# This helper runs at the engine's priority: it is the pipeline every cold start goes through, and
# at the sandboxes' priority a burst's first runtimes starved the wiring of the rest. What runs
# function code (bwrap and all it starts, slirp4netns) runs SANDBOX_NICE below it, set before
# bwrap has its arguments.
SANDBOX_NICE = 5
RLIMITS = {"nofile": resource.RLIMIT_NOFILE, "nproc": resource.RLIMIT_NPROC}
TOOL_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
CLONE_NEWNET, CLONE_NEWUSER = 0x40000000, 0x10000000
libc = ctypes.CDLL(None, use_errno=True)

# Nothing the engine handed over reaches a child unless given on purpose: the IPC channel (fd 3)
# is inheritable as Node passes it, and a sandbox must never hold it.
for name in os.listdir("/proc/self/fd"):
    if int(name) > 2:
        try:
            os.set_inheritable(int(name), False)
        except OSError:
            pass
IPC = socket.socket(fileno=3)
IPC.setblocking(True)
DEVNULL = os.open("/dev/null", os.O_RDWR)
sel = selectors.DefaultSelector()


# The engine's abstract socket: Node.js 22+ binds its exact name, Node.js 20 the name padded with
# NULs to the whole of sun_path. The first connection finds out which.
_name = b"\0" + sys.argv[1].encode()
engine_addresses = [_name, _name.ljust(108, b"\0")]


def connect_engine():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for i, addr in enumerate(engine_addresses):
        try:
            s.connect(addr)
            if i:
                engine_addresses.reverse()
            return s
        except ConnectionRefusedError:
            if i == len(engine_addresses) - 1:
                s.close()
                raise


def watch(fd, fn, events=selectors.EVENT_READ):
    sel.register(fd, events, fn)


def unwatch(fd):
    try:
        sel.unregister(fd)
    except (KeyError, ValueError):
        pass


def close(fd):
    if fd is None:
        return
    unwatch(fd)
    try:
        os.close(fd)
    except OSError:
        pass


def send(msg):
    data = memoryview((json.dumps(msg, separators=(",", ":")) + "\n").encode())
    while data:
        data = data[os.write(1, data) :]


def hand_over(msg, fd):
    """Gives the engine a socket as a net.Native handle (Node's IPC framing), then drops ours."""
    data = json.dumps({"cmd": "NODE_HANDLE", "type": "net.Native", "msg": msg}) + "\n"
    try:
        IPC.sendmsg([data.encode()], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("i", fd))])
    finally:
        os.close(fd)


def drain_acks():
    """Node acknowledges each handle; nothing else comes this way. The end: the engine is gone."""
    try:
        while IPC.recv(65536, socket.MSG_DONTWAIT):
            pass
        shut_down()
    except (BlockingIOError, InterruptedError):
        pass


def default_signals():
    """In a forked worker: this helper's handlers are not its own (a signal must not run shut_down())."""
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def spawn(file, args, env, cwd, fds):
    """posix_spawn (a vfork: nothing of this process is copied) with `fds` (target → source) as the
    child's only fds; raises exec's error. Python ignores SIGPIPE and SIGXFSZ, and an exec keeps
    ignored signals: the child gets them back at their defaults, as Lambda's processes have them."""
    # Each source out of the way of every target first (a dup2 onto a source not yet placed).
    above = max(fds) + 1
    moved = {t: fcntl.fcntl(s, fcntl.F_DUPFD_CLOEXEC, above) for t, s in fds.items()}
    try:
        if os.getcwd() != cwd:
            os.chdir(cwd)
        return os.posix_spawnp(
            file,
            [file, *args],
            env,
            file_actions=[(os.POSIX_SPAWN_DUP2, s, t) for t, s in moved.items()],
            setsigdef=(signal.SIGPIPE, signal.SIGXFSZ),
        )
    except OSError as e:
        raise OSError(e.errno, f"spawn {file} {errno.errorcode.get(e.errno, e.errno)}") from None
    finally:
        for fd in moved.values():
            os.close(fd)


def signal_process(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def lower_priority(pid):
    """SANDBOX_NICE below this helper; where the system refuses, it runs as it is."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, pid) + SANDBOX_NICE))
    except OSError:
        pass


def on_exit(pid, fn):
    """Calls fn(code, signal name) once the child `pid` has exited, and reaps it."""
    pidfd = os.pidfd_open(pid)

    def exited():
        close(pidfd)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            fn(None, signal.Signals(os.WTERMSIG(status)).name)
        else:
            fn(os.waitstatus_to_exitcode(status), None)

    watch(pidfd, exited)


# --- inside a network namespace (a forked worker: setns is one-way for a user namespace) ---


def enter_ns(pid, kind, name):
    fd = os.open(f"/proc/{pid}/ns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, kind) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name}")
    finally:
        os.close(fd)


def wait_lo():
    """bwrap brings the namespace's loopback up itself, racing us: wait until lo is up (a netlink
    change of ours meanwhile can fail bwrap's own: "loopback: Failed RTM_NEWADDR")."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for _ in range(2000):
            req = struct.pack("16sH", b"lo", 0)
            if struct.unpack("16sH", fcntl.ioctl(probe.fileno(), 0x8913, req))[1] & 1:
                return
            time.sleep(0.001)
    finally:
        probe.close()


def unreachable(cidrs):
    """RTN_UNREACHABLE routes: instance metadata and the host's own addresses stay out of reach."""
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    try:
        for seq, cidr in enumerate(cidrs, 1):
            addr, plen = cidr.split("/")
            fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
            dst = socket.inet_pton(fam, addr)
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


def listen(ports, cidrs):
    wait_lo()
    socks = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(511)
        socks.append(s)
    unreachable(cidrs)
    return socks


def connect(port):
    """A connection made inside the namespace (the Telemetry API's delivery to an extension's
    listener): its source and destination are the sandbox's own loopback."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(1)
    s.connect(("127.0.0.1", port))
    s.setblocking(True)
    return [s]


def in_namespace(pid, work, done):
    """Runs work() in a worker inside /proc/<pid>'s network namespace, then done(error, fds)."""
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    worker = os.fork()
    if worker == 0:
        try:
            default_signals()
            mine.close()
            if not AS_ROOT:  # without root, only the sandbox's own user namespace gives the right
                enter_ns(pid, CLONE_NEWUSER, "user")
            enter_ns(pid, CLONE_NEWNET, "net")
            socks = work()
            socket.send_fds(theirs, [b"{}"], [s.fileno() for s in socks])
        except BaseException as e:  # whatever it is, the helper hears of it
            try:
                theirs.send(json.dumps({"error": str(e)}).encode())
            except OSError:
                pass
        finally:
            os._exit(0)
    theirs.close()

    def answered():
        unwatch(mine)
        try:
            msg, fds, _, _ = socket.recv_fds(mine, 65536, 16)
        except OSError as e:
            msg, fds = json.dumps({"error": str(e)}).encode(), []
        finally:
            mine.close()
            os.waitpid(worker, 0)
        error = json.loads(msg or b'{"error": "the namespace worker died"}').get("error")
        if error:
            for fd in fds:
                os.close(fd)
        done(error, fds)

    watch(mine, answered)


# --- sandboxes ---

sandboxes = {}  # request id → Sandbox


class Sandbox:
    def __init__(self, req):
        self.id = req["id"]
        self.net = req.get("network")
        self.pid = None
        self.exited = False
        self.ns_pid = None  # the namespace's pid, once wired (connect requests need it)
        self.slirp_pid = None  # its slirp4netns, while it runs
        self.info = self.block = None
        self.info_text = ""
        self.enter_spec = req.get("enter")

    def start(self, req):
        socks, fds, ours, args_w = [], {}, [], None
        try:
            # stdio, then the extensions' outputs (fds 3 and up)
            for i in range(3 + req.get("outputs", 0)):
                s = connect_engine()
                socks.append(s)
                s.sendall(f"{req['token']}{i}\n".encode())
                fds[i] = s.fileno()
            if req.get("sandboxArgs") is not None:
                args_fd, info_fd, block_fd = req["bwrapFds"]
                args_r, args_w = os.pipe()
                fds[args_fd] = args_r
                ours.append(args_r)
                if self.net:
                    self.info, info_w = os.pipe()
                    block_r, self.block = os.pipe()
                    fds[info_fd], fds[block_fd] = info_w, block_r
                    ours += [info_w, block_r]
            self.pid = spawn(req["file"], req["args"], req["env"], req["cwd"], fds)
            # Before bwrap has its arguments (written below), so before it forks anything: all it
            # starts inherits the lower priority.
            lower_priority(self.pid)
        except OSError as e:
            for fd in (args_w, self.info, self.block):
                close(fd)
            send({"id": self.id, "error": e.strerror or str(e)})
            return
        finally:
            # The child holds its own copies; close (never shut down: that would reach the child's).
            for s in socks:
                s.close()
            for fd in ours:
                os.close(fd)
        sandboxes[self.id] = self
        send({"id": self.id, "pid": self.pid})
        on_exit(self.pid, self.ended)
        if args_w is not None:
            write_all(args_w, "".join(a + "\0" for a in req["sandboxArgs"]).encode())
        if self.info is not None:
            watch(self.info, self.read_info)

    def read_info(self):
        # Read to the end: bwrap writes the rest of its JSON after the pid, and a reader that went
        # away would kill it with SIGPIPE.
        chunk = os.read(self.info, 4096)
        if not chunk:
            close(self.info)
            self.info = None
            if self.info_text is not None:
                self.network_failed("the sandbox ended before its namespaces were made")
            return
        if self.info_text is None:
            return  # wired already
        self.info_text += chunk.decode(errors="replace")
        m = re.search(r'"child-pid"\s*:\s*(\d+)', self.info_text)
        if m:
            self.info_text = None
            ns_pid = int(m.group(1))
            error = self.enter(ns_pid)
            if error:
                return self.failed(error)
            self.wire(ns_pid)

    def enter(self, ns_pid):
        """Limits and cgroups for the sandbox's first process, while it waits (all it starts
        inherits them): the first cgroup must take it, the others (cpu weight) are best effort.
        Returns an error, or None."""
        spec = self.enter_spec or {}
        try:
            for name, n in (spec.get("limits") or {}).items():
                resource.prlimit(ns_pid, RLIMITS[name], (n, n))
        except (OSError, KeyError) as e:
            return f"setting its limits failed: {e}"
        for i, procs in enumerate(spec.get("cgroups") or []):
            try:
                with open(procs, "w") as f:
                    f.write(str(ns_pid))
            except OSError as e:
                if i == 0:
                    return f"joining its cgroup failed: {e.strerror or e}"
        return None

    def wire(self, ns_pid):
        """The sockets and routes first (they wait for bwrap's loopback), then outbound access."""
        net = self.net
        cidrs = net["unreachable"] if net["outbound"] else []

        def listened(error, fds):
            if error:
                return self.network_failed(f"listening inside the namespace failed: {error}")
            if len(fds) != len(net["listeners"]):
                for fd in fds:
                    os.close(fd)
                return self.network_failed("listening inside the namespace failed: no sockets")
            handles = list(zip(net["listeners"], fds))
            if net["outbound"]:
                self.start_slirp(ns_pid, lambda err: self.wired(ns_pid, handles, err))
            else:
                self.wired(ns_pid, handles, None)

        in_namespace(ns_pid, lambda: listen(net["listeners"], cidrs), listened)

    def start_slirp(self, ns_pid, ready):
        """Outbound access through slirp4netns (host loopback stays out of reach); ready(error)."""
        ready_r, ready_w = os.pipe()
        exit_r, exit_w = os.pipe()
        err_r, err_w = os.pipe()
        args = ["--configure", "--mtu=65520", "--disable-host-loopback", "--ready-fd=3"]
        args += ["--exit-fd=4", *([] if AS_ROOT else [f"--userns-path=/proc/{ns_pid}/ns/user"])]
        args += ["--netns-type=path", f"/proc/{ns_pid}/ns/net", "tap0"]
        fds = {0: DEVNULL, 1: DEVNULL, 2: err_w, 3: ready_w, 4: exit_r}
        try:
            pid = spawn(self.net["slirp"], args, TOOL_ENV, "/", fds)
            lower_priority(pid)
        except OSError as e:
            for fd in (ready_r, exit_w, err_r):
                os.close(fd)
            return ready(e.strerror)
        finally:
            for fd in (ready_w, exit_r, err_w):
                os.close(fd)
        self.slirp_pid = pid
        waiting = True

        def settle(error):
            nonlocal waiting
            if waiting:
                waiting = False
                close(ready_r)
                ready(error)

        def said():
            if os.read(ready_r, 64):
                settle(None)
            else:  # it is exiting: ended() says why, with its stderr
                unwatch(ready_r)

        def ended(code, sig):
            os.set_blocking(err_r, False)
            try:
                stderr = os.read(err_r, 2000).decode(errors="replace").strip()
            except OSError:
                stderr = ""
            close(err_r)
            close(exit_w)
            settle(f"slirp4netns exited ({code if sig is None else sig}): {stderr}")

        watch(ready_r, said)
        on_exit(pid, ended)

    def wired(self, ns_pid, handles, error):
        if error:
            for _, fd in handles:
                os.close(fd)
            return self.network_failed(error)
        if not self.exited:
            self.ns_pid = ns_pid
        # The engine serves on these (connections wait in the backlog until it does).
        for port, fd in handles:
            hand_over({"id": self.id, "listener": port}, fd)
        drain_acks()
        if self.exited:
            self.stop_slirp()
        else:
            try:
                os.write(self.block, b"1")
            except OSError:
                pass
            close(self.block)
            self.block = None

    def network_failed(self, message):
        self.failed(f"network: {message}")

    def failed(self, message):
        send({"id": self.id, "error": message})
        if not self.exited:
            signal_process(self.pid, signal.SIGKILL)

    def stop_slirp(self):
        if self.slirp_pid is not None:
            signal_process(self.slirp_pid, signal.SIGTERM)
            self.slirp_pid = None

    def ended(self, code, sig):
        self.exited = True
        self.stop_slirp()
        close(self.info)
        close(self.block)
        self.info = self.block = None
        sandboxes.pop(self.id, None)
        send({"id": self.id, "exit": [code, sig]})


def write_all(fd, data):
    """Writes data to a pipe without blocking the helper, then closes it."""
    os.set_blocking(fd, False)
    rest = memoryview(data)

    def more():
        nonlocal rest
        try:
            rest = rest[os.write(fd, rest) :]
        except BlockingIOError:
            return
        except OSError:  # the child is gone
            rest = rest[:0]
        if not rest:
            close(fd)

    more()
    if rest:
        watch(fd, more, selectors.EVENT_WRITE)


def connect_for(c):
    """{ connect: { id, ref, port } }: a connection inside sandbox id's namespace, sent back by ref."""
    sb = sandboxes.get(c["id"])

    def failed(message):
        send({"id": c["id"], "ref": c["ref"], "connectError": message})

    if not sb or sb.ns_pid is None:
        return failed("the sandbox has no network namespace")

    def connected(error, fds):
        if error or not fds:
            return failed(error or "no connection")
        hand_over({"id": c["id"], "connected": c["ref"]}, fds[0])
        drain_acks()

    in_namespace(sb.ns_pid, lambda: connect(c["port"]), connected)


def report_failure():
    sys.stderr.write("[spawn-helper] " + traceback.format_exc())


def shut_down(*_):
    for sb in list(sandboxes.values()):
        sb.stop_slirp()
    os._exit(0)


# A test runner or a supervisor may signal the whole process group: slirp4netns goes with us.
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, shut_down)

pending = b""


def read_requests():
    global pending
    chunk = os.read(0, 65536)
    if not chunk:
        shut_down()
    pending += chunk
    *lines, pending = pending.split(b"\n")
    for line in lines:
        try:  # one request's failure must not drop the others read with it
            req = json.loads(line)
            if "connect" in req:
                connect_for(req["connect"])
            else:
                Sandbox(req).start(req)
        except Exception:
            report_failure()


watch(0, read_requests)
watch(IPC, drain_acks)
while True:
    for key, _ in sel.select():
        if sel.get_map().get(key.fd) is not key:
            continue  # closed (or its number reused) by an earlier callback of this batch
        try:
            key.data()
        except Exception:  # one failure must not take every sandbox down with this process
            report_failure()
