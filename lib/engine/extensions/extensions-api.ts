import crypto from "node:crypto";
import type http from "node:http";

/** Function facts the register response carries. */
export interface FunctionMeta {
  functionName: string;
  functionVersion: string;
  handler: string;
  accountId: string;
}

export type ExtensionEvent = "INVOKE" | "SHUTDOWN";

/** Agent states as Lambda names them (EXTENSION log line, platform.extension). */
type AgentState = "Registered" | "Ready" | "Running" | "InitError" | "ExitError" | "Exited";

export interface Agent {
  id: string;
  name: string;
  /** An executable of /opt/extensions (else an internal extension of the runtime process). */
  external: boolean;
  events: ExtensionEvent[];
  state: AgentState;
  errorType?: string;
  parked?: http.ServerResponse;
  pending?: unknown;
}

/** The first fatal error of an environment's extensions: fails init or the invoke. */
export interface ExtensionFailure {
  errorType:
    | "Extension.Crash"
    | "Extension.InitError"
    | "Extension.ExitError"
    | "Extension.LaunchError"
    // A runtime that cannot be started (runtimes/entrypoint.ts) fails init the same way.
    | "Runtime.InvalidEntrypoint";
  message: string;
}

const BASE = "/2020-01-01/extension/";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function reply(
  res: http.ServerResponse,
  status: number,
  doc: unknown,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify(doc);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const forbidden = (res: http.ServerResponse, errorType: string, errorMessage: string) =>
  reply(res, 403, { errorMessage, errorType });

/**
 * The Extensions API 2020-01-01 of one environment: registration, the Next long-poll, init and
 * exit errors, with the agent state machine of Lambda's RAPID (aws-lambda-runtime-interface-
 * emulator, core/externalagent_states.go). What the lifecycle waits for is in lifecycle.ts.
 */
export class ExtensionsApi {
  readonly agents = new Map<string, Agent>();
  private registrationOpen = true;
  failure: ExtensionFailure | undefined;
  /** Called whenever an agent's state changes (the lifecycle re-checks what it waits for). */
  onChange: () => void = () => {};
  onFailure: (f: ExtensionFailure) => void = () => {};

  constructor(
    private readonly meta: FunctionMeta,
    /** The executables the launcher started: these names register as external extensions. */
    readonly expected: readonly string[],
  ) {}

  byName(name: string): Agent | undefined {
    for (const a of this.agents.values()) if (a.name === name) return a;
    return undefined;
  }

  /** External extensions that have registered, out of those started. */
  get registeredExternal(): number {
    let n = 0;
    for (const a of this.agents.values()) if (a.external) n++;
    return n;
  }

  /** Registration ends once the runtime has initialised (RAPID's TurnOff). */
  closeRegistration(): void {
    this.registrationOpen = false;
  }

  /** Records the first fatal error (later ones do not replace it, as in RAPID). */
  fail(f: ExtensionFailure): void {
    if (this.failure) return;
    this.failure = f;
    this.onFailure(f);
  }

  /** Hands an event to every agent subscribed to it, now if parked on Next, else at its Next. */
  deliver(type: ExtensionEvent, event: unknown): Agent[] {
    const to = [...this.agents.values()].filter(
      (a) => a.events.includes(type) && a.state === "Ready",
    );
    for (const a of to) {
      a.state = "Running";
      const res = a.parked;
      a.parked = undefined;
      if (res && !res.destroyed) this.sendEvent(a, res, event);
      else a.pending = event;
    }
    return to;
  }

  close(): void {
    for (const a of this.agents.values()) {
      a.parked?.destroy();
      a.parked = undefined;
    }
  }

  private sendEvent(a: Agent, res: http.ServerResponse, event: unknown): void {
    reply(res, 200, event, {
      "lambda-extension-event-identifier": crypto.randomUUID(),
      "lambda-extension-identifier": a.id,
    });
  }

  /** Serves a request under /2020-01-01/extension/; false when the path is not the API's. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): boolean {
    const url = req.url ?? "";
    if (!url.startsWith(BASE)) return false;
    const op = `${req.method} ${url.slice(BASE.length)}`;
    if (op === "POST register") {
      this.register(req, res, body);
      return true;
    }
    if (!["GET event/next", "POST init/error", "POST exit/error"].includes(op)) {
      reply(res, 404, { errorMessage: "Not found", errorType: "NotFound" });
      return true;
    }
    const raw = req.headers["lambda-extension-identifier"];
    const id = typeof raw === "string" ? raw : "";
    if (!id) {
      forbidden(
        res,
        "Extension.MissingExtensionIdentifier",
        "Missing Lambda-Extension-Identifier header",
      );
      return true;
    }
    if (!UUID.test(id)) {
      forbidden(res, "Extension.InvalidExtensionIdentifier", "Invalid Lambda-Extension-Identifier");
      return true;
    }
    const agent = this.agents.get(id);
    if (!agent) {
      if (op === "GET event/next")
        forbidden(res, "Extension.UnknownExtensionIdentifier", `Unknown extension ${id}`);
      else
        forbidden(
          res,
          "Extension.UnknownExtensionIdentifier",
          "Unknown Lambda-Extension-Identifier",
        );
      return true;
    }
    if (op === "GET event/next") this.next(agent, res);
    else this.error(agent, req, res, op === "POST init/error" ? "InitError" : "ExitError");
    return true;
  }

  private register(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const raw = req.headers["lambda-extension-name"];
    const name = typeof raw === "string" ? raw : "";
    if (!name) return forbidden(res, "Extension.InvalidExtensionName", "Empty extension name");
    let events: unknown;
    try {
      const doc = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
      if (Array.isArray(doc.configurationKeys) && doc.configurationKeys.length > 0)
        throw new Error("configurationKeys are deprecated; use environment variables instead");
      events = doc.events ?? [];
      if (!Array.isArray(events)) throw new Error("events must be an array");
    } catch (err) {
      return forbidden(res, "InvalidRequestFormat", err instanceof Error ? err.message : "invalid");
    }
    const external = this.expected.includes(name);
    for (const e of events as unknown[]) {
      if (e !== "INVOKE" && e !== "SHUTDOWN")
        return forbidden(res, "Extension.InvalidEventType", `${String(e)}: ErrorInvalidEventType`);
      if (e === "SHUTDOWN" && !external)
        return forbidden(
          res,
          "Extension.InvalidEventType",
          "SHUTDOWN: ShutdownEventNotSupportedForInternalExtension",
        );
    }
    const existing = this.byName(name);
    if (existing) {
      return forbidden(
        res,
        "Extension.InvalidExtensionState",
        `State transition from ${existing.state} to Registered failed for extension ${name}. Error: State transition is not allowed`,
      );
    }
    if (!external) {
      if (!this.registrationOpen)
        return forbidden(
          res,
          "Extension.RegistrationClosed",
          "Extension registration closed already",
        );
      if (this.agents.size >= 10)
        return forbidden(res, "Extension.TooManyExtensions", "Extension limit (10) reached");
    }
    const agent: Agent = {
      id: crypto.randomUUID(),
      name,
      external,
      events: [...new Set(events as ExtensionEvent[])],
      state: "Registered",
    };
    this.agents.set(agent.id, agent);
    const doc: Record<string, string> = {
      functionName: this.meta.functionName,
      functionVersion: this.meta.functionVersion,
      handler: this.meta.handler,
    };
    const features = String(req.headers["lambda-extension-accept-feature"] ?? "").split(",");
    if (features.map((f) => f.trim()).includes("accountId")) doc.accountId = this.meta.accountId;
    reply(res, 200, doc, { "lambda-extension-identifier": agent.id });
    this.onChange();
  }

  private next(agent: Agent, res: http.ServerResponse): void {
    if (agent.state !== "Registered" && agent.state !== "Running") {
      return forbidden(
        res,
        "Extension.InvalidExtensionState",
        `State transition from ${agent.state} to Ready failed for extension ${agent.id}. Error: State transition is not allowed`,
      );
    }
    agent.state = "Ready";
    const pending = agent.pending;
    agent.pending = undefined;
    if (pending !== undefined) {
      agent.state = "Running";
      this.sendEvent(agent, res, pending);
    } else {
      agent.parked?.destroy();
      agent.parked = res;
    }
    this.onChange();
  }

  private error(
    agent: Agent,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    state: "InitError" | "ExitError",
  ): void {
    const type = req.headers["lambda-extension-function-error-type"];
    if (typeof type !== "string" || !type)
      return forbidden(
        res,
        "Extension.MissingHeader",
        "Lambda-Extension-Function-Error-Type not found",
      );
    const allowed =
      state === "InitError"
        ? agent.state === "Registered" || agent.state === "InitError"
        : ["Registered", "Ready", "Running", "ExitError"].includes(agent.state);
    if (!allowed) {
      return forbidden(
        res,
        "Extension.InvalidExtensionState",
        `State transition from ${agent.state} to ${state === "InitError" ? "InitError" : "Exited"} failed for extension ${agent.id}. Error: State transition is not allowed`,
      );
    }
    agent.state = state;
    agent.errorType = type;
    reply(res, 202, { status: "OK" });
    this.fail({
      errorType: state === "InitError" ? "Extension.InitError" : "Extension.ExitError",
      message: `Extension ${agent.name} reported ${type}`,
    });
    this.onChange();
  }
}
