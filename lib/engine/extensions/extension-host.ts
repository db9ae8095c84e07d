import type http from "node:http";
import type { Readable } from "node:stream";
import { ExtensionsApi, type ExtensionFailure, type FunctionMeta } from "./extensions-api";
import { exitLine } from "./launcher";
import { readLines } from "../logs/line-reader";
import { TelemetryApi, type SandboxConnect } from "./telemetry-api";
import { formatExtensionLine, formatTelemetryLine } from "./platform-lines";

export type ShutdownReason = "spindown" | "timeout" | "failure";

/** Lambda's shutdown budget with external extensions registered (2,000 ms). */
const SHUTDOWN_BUDGET_MS = 2000;

export interface ExtensionHostOptions {
  meta: FunctionMeta;
  /** Executables of /opt/extensions the launcher starts. */
  names: string[];
  connect: SandboxConnect;
  /** Writes one line to the function's log stream. */
  log: (line: string) => void;
  json: boolean;
}

/**
 * One environment's extensions: the Extensions and Telemetry APIs on its Runtime API socket,
 * the lines of the launcher, and what init, invoke and shutdown wait for. Every wait resolves
 * on a state change of the APIs; the environment's own deadlines bound them.
 */
export class ExtensionHost {
  readonly api: ExtensionsApi;
  readonly telemetry: TelemetryApi;
  private waiters = new Set<() => void>();
  private readonly exitedNames = new Set<string>();
  private shuttingDown = false;
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
  readonly failed: Promise<ExtensionFailure>;
  private readonly failListeners = new Set<(f: ExtensionFailure) => void>();

  constructor(private readonly o: ExtensionHostOptions) {
    this.api = new ExtensionsApi(o.meta, o.names);
    this.telemetry = new TelemetryApi(o.connect);
    let fail: (f: ExtensionFailure) => void = () => {};
    this.failed = new Promise((r) => (fail = r));
    this.api.onFailure = (f) => {
      fail(f);
      for (const l of [...this.failListeners]) l(f);
    };
    this.api.onChange = () => this.recheck();
    this.telemetry.onSubscribed = (name, types) => o.log(formatTelemetryLine(o.json, name, types));
  }

  /** Calls fn once on the first failure (now, if there was one); returns the unsubscribe. */
  onceFailed(fn: (f: ExtensionFailure) => void): () => void {
    if (this.api.failure) {
      fn(this.api.failure);
      return () => {};
    }
    const once = (f: ExtensionFailure) => {
      this.failListeners.delete(once);
      fn(f);
    };
    this.failListeners.add(once);
    return () => this.failListeners.delete(once);
  }

  /** True when the launcher starts external extensions before the runtime. */
  get launched(): boolean {
    return this.o.names.length > 0;
  }

  get active(): boolean {
    return this.api.agents.size > 0;
  }

  /** Serves the Extensions / Telemetry API paths of the Runtime API socket. */
  readonly handle = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
  ): boolean => {
    if (this.api.handle(req, res, body)) return true;
    const url = req.url ?? "";
    if (req.method === "PUT" && /^\/(2022-07-01\/telemetry|2020-08-15\/logs)\/?$/.test(url)) {
      const id = req.headers["lambda-extension-identifier"];
      const agent = typeof id === "string" ? this.api.agents.get(id) : undefined;
      const out = this.telemetry.subscribe(
        agent?.name,
        body,
        url.startsWith("/2020-08-15") ? "logs" : "telemetry",
      );
      const text = JSON.stringify(out.body);
      res.writeHead(out.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
      return true;
    }
    return false;
  };

  private recheck(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `done()` holds, re-checked on every state change. */
  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const w = () => {
        if (!done()) return;
        this.waiters.delete(w);
        resolve();
      };
      this.waiters.add(w);
    });
  }

  /** Every started extension has registered (the runtime may start). */
  registered(): Promise<void> {
    return this.until(() => this.api.registeredExternal >= this.o.names.length);
  }

  /** Init's end: registration closes; every registered extension has called Next. */
  initialised(): Promise<void> {
    this.api.closeRegistration();
    return this.until(() => [...this.api.agents.values()].every((a) => a.state === "Ready"));
  }

  /** After init (success or not): the EXTENSION lines, platform.extension events. */
  reportInit(): void {
    this.telemetry.closeSubscriptions();
    for (const a of this.api.agents.values()) {
      const state = a.state === "Ready" || a.state === "Running" ? "Ready" : a.state;
      this.o.log(formatExtensionLine(this.o.json, a.name, state, a.events, a.errorType));
      this.telemetry.emit("platform", "platform.extension", {
        name: a.name,
        state,
        events: a.events,
        ...(a.errorType ? { errorType: a.errorType } : {}),
      });
    }
  }

  /** Delivers INVOKE; returns the wait for every subscribed extension's next Next. */
  invoke(event: {
    requestId: string;
    deadlineMs: number;
    invokedFunctionArn: string;
    traceId?: string;
  }): () => Promise<void> {
    const to = this.api.deliver("INVOKE", {
      eventType: "INVOKE",
      deadlineMs: event.deadlineMs,
      requestId: event.requestId,
      invokedFunctionArn: event.invokedFunctionArn,
      ...(event.traceId ? { tracing: { type: "X-Amzn-Trace-Id", value: event.traceId } } : {}),
    });
    return () => this.until(() => to.every((a) => a.state !== "Running"));
  }

  /**
   * SHUTDOWN to the extensions that asked for it; calls `done` once they have exited or the
   * budget is spent. False (and nothing sent) when no extension registered for it.
   */
  shutdown(reason: ShutdownReason, done: () => void): boolean {
    if (this.shuttingDown) return true;
    const to = [...this.api.agents.values()].filter(
      (a) => a.external && a.events.includes("SHUTDOWN") && !this.exitedNames.has(a.name),
    );
    if (to.length === 0) return false;
    this.shuttingDown = true;
    const deadlineMs = Date.now() + SHUTDOWN_BUDGET_MS;
    const finish = () => {
      clearTimeout(timer);
      this.telemetry.close();
      done();
    };
    const timer = setTimeout(finish, SHUTDOWN_BUDGET_MS);
    void this.telemetry.flushAll().finally(() => {
      for (const a of to) {
        if (a.state === "Ready") {
          const res = a.parked;
          a.parked = undefined;
          a.state = "Running";
          const event = { eventType: "SHUTDOWN", shutdownReason: reason, deadlineMs };
          if (res && !res.destroyed) {
            const body = JSON.stringify(event);
            res.writeHead(200, {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              "lambda-extension-identifier": a.id,
            });
            res.end(body);
          } else a.pending = event;
        } else a.pending = { eventType: "SHUTDOWN", shutdownReason: reason, deadlineMs };
      }
      void this.until(() => to.every((a) => this.exitedNames.has(a.name))).then(finish);
    });
    return true;
  }

  /** One line of the runtime's output (stdout, stderr): it goes on to telemetry's function stream. */
  runtimeLine(line: string): void {
    this.telemetry.emit("function", "function", line);
  }

  /**
   * Reads one of the launcher's output fds: the lines of the extensions it carries (named in the
   * log when it carries one) and the launcher's exit line for each. The newline the launcher
   * writes before an exit line is dropped (an empty line is held until the next line shows it
   * is the extension's own).
   */
  attachOutput(source: Readable, names: readonly string[]): void {
    const name = names.length === 1 ? names[0] : undefined;
    let emptyHeld = false;
    const take = (line: string) => {
      const exit = exitLine(line);
      if (exit) {
        emptyHeld = false;
        return this.exited(exit.name, exit.code);
      }
      if (emptyHeld) this.extensionLine(name, "");
      emptyHeld = line === "";
      if (!emptyHeld) this.extensionLine(name, line);
    };
    readLines(source, take);
    // After readLines' own end (the unterminated rest): a held empty line was the extension's.
    source.on("end", () => {
      if (emptyHeld) this.extensionLine(name, "");
      emptyHeld = false;
    });
  }

  private extensionLine(name: string | undefined, text: string): void {
    // Named so the log viewer can tell the sources apart (Lambda's lines carry no source).
    this.o.log(name === undefined || text.startsWith(`[${name}]`) ? text : `[${name}] ${text}`);
    this.telemetry.emit("extension", "extension", text);
  }

  private exited(name: string, code: number): void {
    this.exitedNames.add(name);
    const agent = this.api.byName(name);
    if (agent && agent.state !== "InitError" && agent.state !== "ExitError") agent.state = "Exited";
    if (!this.shuttingDown) {
      this.api.fail({
        errorType: "Extension.Crash",
        message: code === 0 ? "exit code 0" : `exit status ${code}`,
      });
    }
    this.recheck();
  }

  close(): void {
    this.api.close();
    this.telemetry.close();
    this.recheck();
  }
}
