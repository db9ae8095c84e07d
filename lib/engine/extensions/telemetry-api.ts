import http from "node:http";
import type net from "node:net";
import {
  LOGS_API_VERSIONS,
  parseSubscription,
  SCHEMA_VERSIONS,
  ValidationError,
  type Buffering,
  type TelemetryStream,
} from "./telemetry-subscription";

export type { TelemetryStream } from "./telemetry-subscription";

/** One Telemetry API event: { time, type, record } as Lambda sends it. */
export interface TelemetryEvent {
  time: string;
  type: string;
  record: unknown;
}

/** Opens a connection to a port on the sandbox's own loopback (inside its network namespace). */
export type SandboxConnect = (port: number) => Promise<net.Socket>;

/**
 * One subscription's buffer and delivery: one batch in flight at a time over a kept-alive
 * connection made inside the sandbox; what does not fit while a batch is in flight is dropped
 * and reported with platform.logsDropped, as Lambda does, so a slow listener costs bounded memory.
 */
class Subscriber {
  private batch: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private dropped = { records: 0, bytes: 0 };
  private readonly agent: http.Agent;
  closed = false;

  constructor(
    readonly name: string,
    readonly types: TelemetryStream[],
    private readonly port: number,
    private readonly path: string,
    private readonly buffering: Buffering,
    connect: SandboxConnect,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // Each connection is made inside the sandbox's namespace; keep-alive makes that rare.
    const agent = this.agent as unknown as {
      createConnection: (o: unknown, cb: (err: Error | null, s?: net.Socket) => void) => undefined;
    };
    agent.createConnection = (_o, cb) => {
      connect(port).then(
        (socket) => cb(null, socket),
        (err: Error) => cb(err),
      );
      return undefined;
    };
  }

  private get full(): boolean {
    return this.batch.length >= this.buffering.maxItems || this.bytes >= this.buffering.maxBytes;
  }

  push(e: TelemetryEvent): void {
    if (this.closed) return;
    const json = JSON.stringify(e);
    if (this.inFlight && this.full) {
      this.dropped.records++;
      this.dropped.bytes += Buffer.byteLength(json);
      return;
    }
    this.batch.push(json);
    this.bytes += Buffer.byteLength(json);
    if (this.full) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.buffering.timeoutMs);
  }

  /** Sends what is buffered now (after the batch in flight, if any); resolves when delivered. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight) await this.inFlight;
    if (this.batch.length === 0 || this.closed) return;
    const body = `[${this.batch.join(",")}]`;
    this.batch = [];
    this.bytes = 0;
    this.inFlight = this.post(body).finally(() => {
      this.inFlight = undefined;
      if (this.dropped.records > 0) {
        const { records, bytes } = this.dropped;
        this.dropped = { records: 0, bytes: 0 };
        this.push({
          time: new Date().toISOString(),
          type: "platform.logsDropped",
          record: {
            droppedBytes: bytes,
            droppedRecords: records,
            reason:
              "Some logs were dropped because the downstream consumer is slower than the logs production rate",
          },
        });
      }
      if (this.batch.length > 0) this.timer ??= setTimeout(() => void this.flush(), 0);
    });
    await this.inFlight;
  }

  /** POSTs one batch; a refused or failed delivery is retried a few times, then dropped. */
  private async post(body: string): Promise<void> {
    for (let attempt = 0; attempt < 4 && !this.closed; attempt++) {
      try {
        await this.postOnce(body);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  private postOnce(body: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          method: "POST",
          host: "sandbox.localdomain",
          port: this.port,
          path: this.path || "/",
          agent: this.agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
          timeout: 5000,
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            (res.statusCode ?? 500) < 400 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.agent.destroy();
  }
}

/**
 * The Telemetry API 2022-07-01 of one environment: subscriptions with Lambda's validation, and
 * delivery of buffered batches to each subscriber's listener inside the sandbox. Events from
 * before a subscription, during init, are kept and replayed to it (the init's platform events
 * reach extensions that subscribe while they start).
 */
export class TelemetryApi {
  private readonly subscribers = new Map<string, Subscriber>();
  private initBacklog: { stream: TelemetryStream; event: TelemetryEvent }[] | undefined = [];
  private open = true;
  /** platform.telemetrySubscription goes to the log too (TELEMETRY line). */
  onSubscribed: (name: string, types: TelemetryStream[]) => void = () => {};

  constructor(private readonly connect: SandboxConnect) {}

  get count(): number {
    return this.subscribers.size;
  }

  /** Someone may still get events: a subscriber, or one that can subscribe during init. */
  get listening(): boolean {
    return this.subscribers.size > 0 || this.initBacklog !== undefined;
  }

  /** PUT /2022-07-01/telemetry for a registered extension; answers as Lambda does. */
  subscribe(
    agentName: string | undefined,
    body: Buffer,
    api: "telemetry" | "logs" = "telemetry",
  ): { status: number; body: unknown } {
    if (!agentName)
      return {
        status: 403,
        body: {
          errorType: "Extension.UnknownExtensionIdentifier",
          errorMessage: "Unknown Lambda-Extension-Identifier",
        },
      };
    if (!this.open)
      return {
        status: 403,
        body: {
          errorType: "Telemetry.SubscriptionClosed",
          errorMessage: "Telemetry API subscription is closed",
        },
      };
    let sub: ReturnType<typeof parseSubscription>;
    try {
      sub = parseSubscription(body, api === "logs" ? LOGS_API_VERSIONS : SCHEMA_VERSIONS);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return { status: 400, body: { errorType: "ValidationError", errorMessage: err.message } };
    }
    this.subscribers.get(agentName)?.close();
    const s = new Subscriber(agentName, sub.types, sub.port, sub.path, sub.buffering, this.connect);
    this.subscribers.set(agentName, s);
    for (const b of this.initBacklog ?? []) if (sub.types.includes(b.stream)) s.push(b.event);
    this.emit("platform", "platform.telemetrySubscription", {
      name: agentName,
      state: "Subscribed",
      types: sub.types,
    });
    this.onSubscribed(agentName, sub.types);
    return { status: 200, body: "OK" };
  }

  /** Subscriptions end with init (RAPID's TurnOff); the init backlog is no longer needed. */
  closeSubscriptions(): void {
    this.open = false;
    this.initBacklog = undefined;
  }

  emit(stream: TelemetryStream, type: string, record: unknown): void {
    if (!this.listening) return;
    const event: TelemetryEvent = { time: new Date().toISOString(), type, record };
    this.initBacklog?.push({ stream, event });
    for (const s of this.subscribers.values()) if (s.types.includes(stream)) s.push(event);
  }

  /** Sends every buffer now (before SHUTDOWN reaches the extensions, and at the end). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.subscribers.values()].map((s) => s.flush()));
  }

  close(): void {
    for (const s of this.subscribers.values()) s.close();
  }
}
