import crypto from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { EventEmitter } from "node:events";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { detectIsolation } from "./isolation";
import { BWRAP_FDS, HOST_SIDE_ENV, type Command } from "./sandbox-command";

/** What the engine uses of a sandbox's process, whoever started it (ChildProcess fits). */
export interface SandboxProcess {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** What the process writes on its fd `fd` (3 and up: Command.outputs; helper-started only). */
  output?(fd: number): Readable;
  kill(signal?: NodeJS.Signals): boolean;
  /** A TCP connection to 127.0.0.1:port inside the sandbox's network namespace (helper-started only). */
  connectInside?(port: number): Promise<net.Socket>;
  on(event: "exit", fn: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  on(event: "error", fn: (err: Error) => void): this;
  once(event: "exit", fn: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: "close" | "spawn", fn: () => void): this;
  once(event: "error", fn: (err: Error) => void): this;
}

/** The nice value of sandboxed processes (the engine's is 0). */
const SANDBOX_NICE = 5;

/** Lowers a process to SANDBOX_NICE; where the system refuses, it runs as it is. */
export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    os.setPriority(pid, SANDBOX_NICE);
  } catch {
    // not permitted here: same priority as the engine
  }
}

const HELPER = path.join(path.dirname(fileURLToPath(import.meta.url)), "spawn-helper.py");

/** A process started by the helper: its stdio arrive as sockets, its exit as a message. */
class RemoteProcess extends EventEmitter implements SandboxProcess {
  pid: number | undefined;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  private readonly outputs = new Map<number, PassThrough>();
  private pendingSignal: NodeJS.Signals | undefined;
  /** Receives each listening socket made inside the sandbox's network namespace. */
  onListener: ((port: number, handle: unknown) => void) | undefined;
  private exited = false;
  private outputsOpen = 2;
  /** Set by the Spawner: asks the helper for a connection inside this sandbox's namespace. */
  connector: ((port: number) => Promise<net.Socket>) | undefined;

  connectInside(port: number): Promise<net.Socket> {
    if (!this.connector || this.exited) return Promise.reject(new Error("the sandbox is gone"));
    return this.connector(port);
  }

  constructor() {
    super();
    const closed = () => {
      if (--this.outputsOpen === 0 && this.exited) this.emit("close");
    };
    this.stdout.once("end", closed);
    this.stderr.once("end", closed);
  }

  output(fd: number): PassThrough {
    let out = this.outputs.get(fd);
    if (!out) this.outputs.set(fd, (out = new PassThrough()));
    return out;
  }

  /** Connection i of those the helper opened for this process: its fd i. */
  attach(i: number, socket: net.Socket): void {
    socket.on("error", () => {});
    if (i === 0) this.stdin.pipe(socket);
    else socket.pipe(i === 1 ? this.stdout : i === 2 ? this.stderr : this.output(i));
  }

  started(pid: number): void {
    this.pid = pid;
    this.emit("spawn");
    if (this.pendingSignal) this.kill(this.pendingSignal);
  }

  failed(message: string): void {
    // Like ChildProcess's 'error', but never an unhandled one that would take the engine down.
    if (this.listenerCount("error") > 0) this.emit("error", new Error(message));
    this.ended(null, null);
  }

  ended(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
    // Without stdio sockets (a failed start) the outputs never ended: end them here.
    if (this.pid === undefined) {
      this.stdout.end();
      this.stderr.end();
      for (const out of this.outputs.values()) out.end();
    }
    if (this.outputsOpen === 0) this.emit("close");
  }

  /** A signal sent before the helper had the command: the process is not started at all. */
  get killedBeforeStart(): NodeJS.Signals | undefined {
    return this.pid === undefined ? this.pendingSignal : undefined;
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    if (this.exited) return false;
    if (this.pid === undefined) {
      this.pendingSignal = signal;
      return true;
    }
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Starts processes through one long-lived helper (spawn-helper.py, run by the host's python3, which
 * a sandbox needs anyway: see isolation.ts), so the engine's event loop never stalls on a fork. The
 * helper hands each child its stdio (and Command.outputs) as sockets connected to this server.
 */
class Spawner {
  private readonly server: net.Server;
  private readonly helper: ChildProcess;
  /** An abstract socket (Linux): no file to leave behind; argv carries it without the NUL. */
  private readonly socketName = `lambda-console-spawn-${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
  private readonly byToken = new Map<string, RemoteProcess>();
  private readonly byId = new Map<number, RemoteProcess>();
  /** Connections asked of the helper (connectInside), by reference. */
  private readonly connecting = new Map<
    number,
    { resolve: (s: net.Socket) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  dead = false;

  constructor(python: string) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.listen(`\0${this.socketName}`);
    this.server.unref();
    // Nothing of the engine's environment (its key, its data dir) reaches the helper.
    this.helper = spawn(python, ["-S", "-I", HELPER, this.socketName], {
      // The IPC channel carries the listening sockets made inside sandboxes (their Runtime API).
      stdio: ["pipe", "pipe", "inherit", "ipc"],
      env: { ...HOST_SIDE_ENV } as NodeJS.ProcessEnv,
    });
    this.helper.on(
      "message",
      (m: { id?: number; listener?: number; connected?: number }, handle: unknown) => {
        const p = m.id === undefined ? undefined : this.byId.get(m.id);
        const waiting = m.connected === undefined ? undefined : this.connecting.get(m.connected);
        if (waiting && handle) {
          this.connecting.delete(m.connected ?? 0);
          waiting.resolve(
            // A raw handle (as cluster passes sockets): not in the typings, supported by net.
            new net.Socket({ handle, readable: true, writable: true } as net.SocketConstructorOpts),
          );
        } else if (p && typeof m.listener === "number" && handle)
          p.onListener?.(m.listener, handle);
        else (handle as { close?: () => void } | undefined)?.close?.();
      },
    );
    this.helper.channel?.unref();
    this.helper.unref();
    // The helper runs at the engine's priority and starts sandboxes a little below it (see
    // spawn-helper.py): a burst of cold starts or a CPU-bound function must not starve the
    // engine, the console or the callers on the same machine.
    const out = this.helper.stdout;
    if (out) {
      (out as unknown as { unref?: () => void }).unref?.();
      readline.createInterface({ input: out }).on("line", (line) => this.message(line));
    }
    (this.helper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    const gone = (why: string) => {
      // Its sandboxes went with it (--die-with-parent); the next spawn starts a new helper.
      if (this.dead) return;
      this.dead = true;
      this.server.close();
      for (const p of this.byId.values()) p.failed(why);
      this.byId.clear();
      for (const w of this.connecting.values()) w.reject(new Error(why));
      this.connecting.clear();
    };
    this.helper.once("exit", () => gone("the spawn helper exited"));
    this.helper.once("error", (err) => gone(`the spawn helper did not start: ${err.message}`));
  }

  spawn(cmd: Command | Promise<Command>, opts: SpawnOptions): RemoteProcess {
    const p = new RemoteProcess();
    p.onListener = opts.onListener;
    const id = this.nextId++;
    p.connector = (port) =>
      new Promise((resolve, reject) => {
        const ref = this.nextId++;
        this.connecting.set(ref, { resolve, reject });
        this.helper.stdin?.write(JSON.stringify({ connect: { id, ref, port } }) + "\n");
      });
    const token = crypto.randomBytes(12).toString("hex");
    this.byId.set(id, p);
    this.byToken.set(token, p);
    p.once("exit", () => {
      this.byId.delete(id);
      this.byToken.delete(token);
    });
    const send = (c: Command) => {
      if (p.exitCode !== null || p.signalCode !== null) return; // failed before it started
      if (p.killedBeforeStart) return p.ended(null, p.killedBeforeStart); // never started
      const { file, args, sandboxArgs, network, enter, outputs } = c;
      // The host side gets a fixed environment; the sandbox's own is in sandboxArgs.
      const req = {
        id,
        token,
        file,
        args,
        sandboxArgs,
        bwrapFds: BWRAP_FDS,
        outputs,
        network,
        enter,
        env: HOST_SIDE_ENV,
        cwd: opts.cwd,
      };
      // A dead helper fails every process it had (see exit above); backpressure only delays.
      this.helper.stdin?.write(JSON.stringify(req) + "\n");
    };
    if (cmd instanceof Promise)
      cmd.then(send, (err: unknown) => p.failed(err instanceof Error ? err.message : String(err)));
    else send(cmd);
    return p;
  }

  private accept(socket: net.Socket): void {
    socket.on("error", () => socket.destroy());
    // Only the helper knows the tokens; anything else that finds the socket is dropped.
    socket.setTimeout(5000, () => socket.destroy());
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const nl = head.indexOf("\n");
      if (nl < 0) {
        if (head.length > 64) socket.destroy();
        return;
      }
      socket.pause();
      socket.off("data", onData);
      socket.setTimeout(0);
      const line = head.slice(0, nl);
      const p = this.byToken.get(line.slice(0, -1));
      const i = Number(line.slice(-1));
      if (!p || !(i >= 0 && i <= 9)) return void socket.destroy();
      const rest = Buffer.from(head.slice(nl + 1), "latin1");
      if (rest.length > 0) socket.unshift(rest);
      p.attach(i, socket);
    };
    socket.on("data", onData);
  }

  private message(line: string): void {
    let m: {
      id: number;
      pid?: number;
      ref?: number;
      connectError?: string;
      error?: string;
      exit?: [number | null, NodeJS.Signals | null];
    };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      return;
    }
    if (m.connectError !== undefined) {
      const waiting = this.connecting.get(m.ref ?? 0);
      this.connecting.delete(m.ref ?? 0);
      waiting?.reject(new Error(m.connectError));
      return;
    }
    const p = this.byId.get(m.id);
    if (!p) return;
    if (m.pid !== undefined) p.started(m.pid);
    else if (m.error !== undefined) p.failed(m.error);
    else if (m.exit) p.ended(m.exit[0], m.exit[1]);
  }
}

let spawner: Spawner | undefined;

export interface SpawnOptions {
  cwd: string;
  /** Called with each listening socket the helper made inside the sandbox's namespace. */
  onListener?: (port: number, handle: unknown) => void;
}

/** Starts a process without forking the engine (see Spawner). */
export function spawnViaHelper(
  cmd: Command | Promise<Command>,
  opts: SpawnOptions,
): SandboxProcess {
  const python = detectIsolation().python;
  if (!python) {
    // Unreachable where functions may run (a sandbox needs python3: canRunFunctions).
    const p = new RemoteProcess();
    queueMicrotask(() => p.failed("python3 is not installed: the spawn helper needs it"));
    return p;
  }
  if (!spawner || spawner.dead) spawner = new Spawner(python);
  return spawner.spawn(cmd, opts);
}
