import http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import {
  wireListener,
  type WireConnection,
  type WireHandler,
  type WireHead,
} from "../http/wire-connection";

/** One invocation as the runtime receives it from GET /invocation/next. */
export interface RuntimeInvocation {
  requestId: string;
  payload: Buffer;
  deadlineMs: number;
  functionArn: string;
  /** X-Ray's trace header: only when the function traces (Active), as Lambda sends it. */
  traceId?: string;
  clientContext?: string;
  cognitoIdentity?: string;
}

/** What the runtime reported, pushed to the environment that owns the listener. */
export type RuntimeEvent =
  | { kind: "ready" }
  | { kind: "response"; requestId: string; body: Buffer }
  | { kind: "error"; requestId: string; body: Buffer; errorType?: string }
  | { kind: "response-too-large"; requestId: string }
  | { kind: "init-error"; body: Buffer; errorType?: string }
  /** Issue 21: a piece of a streamed response, as the runtime writes it. */
  | { kind: "chunk"; requestId: string; chunk: Buffer };

/** Lambda's cap on a synchronous response (6 MB plus a little framing allowance, as AWS states it). */
const MAX_RESPONSE_BYTES = 6_291_556;
const BASE = "/2018-06-01/runtime";
const INVOCATION_RE = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
const NEXT = `${BASE}/invocation/next`;
const INIT_ERROR = `${BASE}/init/error`;

/** What the wire path knows of a request it took: a poll of /next, or a result's error type. */
type RuntimeWire = { errorType?: string };
const NEXT_POLL: RuntimeWire = {};

/** Where a parked GET /invocation/next gets its answer: node:http's response, or the wire's. */
interface NextWaiter {
  readonly gone: boolean;
  send(inv: RuntimeInvocation): void;
}

function reply(res: http.ServerResponse, status: number, doc: unknown): void {
  const body = JSON.stringify(doc);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * The Runtime API 2018-06-01 for one execution environment, on its own loopback port
 * (aws-lambda-ric refuses a path prefix in AWS_LAMBDA_RUNTIME_API). It only parks /next and
 * checks request ids; what an event means is the environment's business.
 */
export class RuntimeApiServer implements WireHandler<RuntimeWire> {
  /** Accepts every connection: the wire path (http/wire-connection.ts) reads it first. */
  private readonly listener: net.Server;
  /** Connections handed over from the wire path; never listens itself. */
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private parked: NextWaiter | undefined;
  private pending: RuntimeInvocation | undefined;
  /** The invocation handed out and not yet answered. */
  private current: string | undefined;
  private sawNext = false;
  port = 0;
  /** The Extensions and Telemetry APIs on the same socket (lib/engine/extensions). */
  extra:
    ((req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => boolean) | undefined;

  /** Where events go; a standby's listener is handed to the environment that adopts it. */
  constructor(public onEvent: (e: RuntimeEvent) => void = () => {}) {
    this.server = http.createServer({ keepAliveTimeout: 0, requestTimeout: 0 }, (req, res) =>
      this.handle(req, res),
    );
    this.server.keepAliveTimeout = 0;
    this.listener = wireListener(this, this.server, this.sockets);
  }

  /**
   * The wire path takes GET /next and whole POSTed results: a streamed result, one without a
   * length, or one over the 6 MB cap (413 after reading it as a stream) goes to node:http.
   */
  accept(head: WireHead): RuntimeWire | undefined {
    const { method, url, headers } = head;
    if (method === "GET") return url === NEXT && head.length === 0 ? NEXT_POLL : undefined;
    if (method !== "POST" || (url !== INIT_ERROR && !INVOCATION_RE.test(url))) return undefined;
    if (headers["content-length"] === undefined || head.length > MAX_RESPONSE_BYTES)
      return undefined;
    if (headers["lambda-runtime-function-response-mode"] !== undefined) return undefined;
    return { errorType: headers["lambda-runtime-function-error-type"] };
  }

  request(conn: WireConnection<RuntimeWire>, head: WireHead, body: Buffer, w: RuntimeWire): void {
    if (w === NEXT_POLL) {
      this.nextPolled({
        get gone() {
          return conn.gone;
        },
        send: (inv) => conn.answerWith(200, headersOf(inv), inv.payload),
      });
      return;
    }
    // A runtime that sent its next /next behind the result gets the 202 with that poll's answer,
    // in one write (runtime-api-client.cjs does once hot: one wake-up and one write fewer per invoke).
    this.result(head.url, body, w.errorType, false, (status, doc) =>
      status === 202 ? conn.answerWithNext(status, doc) : conn.answer(status, doc),
    );
  }

  /**
   * Serves on a listening socket made inside a sandbox's network namespace (see spawn-helper):
   * reachable from that sandbox only, at 127.0.0.1:9001 there.
   */
  listenOn(handle: unknown): void {
    this.listener.listen(handle as net.ListenOptions);
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.listener.once("error", reject);
      this.listener.listen(0, "127.0.0.1", () => {
        this.port = (this.listener.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  /** Hands an invocation to the runtime now if it is waiting on /next, else at its next poll. */
  deliver(inv: RuntimeInvocation): void {
    this.current = inv.requestId;
    const waiter = this.parked;
    if (waiter && !waiter.gone) {
      this.parked = undefined;
      waiter.send(inv);
    } else {
      this.pending = inv;
    }
  }

  /** Forgets the current invocation (timed out or abandoned): late answers get 400. */
  abandon(): void {
    this.current = undefined;
    this.pending = undefined;
  }

  close(): void {
    this.parked = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.listener.close();
    this.server.close();
  }

  /** A GET /invocation/next: answered now with a pending invocation, else parked. */
  private nextPolled(waiter: NextWaiter): void {
    if (!this.sawNext) {
      this.sawNext = true;
      this.onEvent({ kind: "ready" });
    }
    const inv = this.pending;
    if (inv) {
      this.pending = undefined;
      waiter.send(inv);
    } else {
      this.parked = waiter;
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? "";
    const extra = this.extra;
    if (extra && !url.startsWith(BASE)) {
      const parts: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= 1024 * 1024) parts.push(c);
      });
      req.on("end", () => {
        if (!extra(req, res, Buffer.concat(parts)))
          reply(res, 404, { errorMessage: "Not found", errorType: "NotFound" });
      });
      return;
    }
    if (req.method === "GET" && url === NEXT) {
      req.resume();
      this.nextPolled({
        get gone() {
          return res.destroyed;
        },
        send: (inv) => {
          res.writeHead(200, { "content-length": inv.payload.length, ...headersOf(inv) });
          res.end(inv.payload);
        },
      });
      return;
    }
    if (req.method !== "POST")
      return reply(res, 405, { errorMessage: "Method not allowed", errorType: "MethodNotAllowed" });
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    // Issue 21: a streamed response's pieces go out as they arrive (InvokeWithResponseStream, URLs).
    const streamedId =
      req.headers["lambda-runtime-function-response-mode"] === "streaming"
        ? decodeURIComponent(INVOCATION_RE.exec(url)?.[1] ?? "")
        : undefined;
    req.on("data", (c: Buffer) => {
      if (streamedId && streamedId === this.current)
        this.onEvent({ kind: "chunk", requestId: streamedId, chunk: c });
      size += c.length;
      if (size > MAX_RESPONSE_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", () => {
      let body = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
      const errorType = req.headers["lambda-runtime-function-error-type"];
      let type = typeof errorType === "string" ? errorType : undefined;
      // Issue 21: a streamed response (aws-lambda-ric's streamifyResponse) reports a failure in
      // its trailers; it then counts as the invocation's error.
      const streamed = streamedError(req);
      if (streamed) {
        type = streamed.errorType;
        body = streamed.body;
      }
      this.result(url, body, type, tooLarge, (status, doc) => reply(res, status, doc), !!streamed);
    });
  }

  /** A POSTed result (/init/error, an invocation's response or error), answered through `answer`. */
  private result(
    url: string,
    body: Buffer,
    type: string | undefined,
    tooLarge: boolean,
    answer: (status: number, doc: unknown) => void,
    /** A streamed response whose trailers carried an error: it counts as the invocation's error. */
    streamed = false,
  ): void {
    if (url === INIT_ERROR) {
      answer(202, { status: "OK" });
      this.onEvent({ kind: "init-error", body, errorType: type });
      return;
    }
    const m = INVOCATION_RE.exec(url);
    if (!m) return answer(404, { errorMessage: "Not found", errorType: "NotFound" });
    const requestId = decodeURIComponent(m[1] ?? "");
    if (requestId !== this.current) {
      return answer(400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
    }
    this.current = undefined;
    if (tooLarge && m[2] === "response") {
      answer(413, {
        errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: "RequestEntityTooLarge",
      });
      this.onEvent({ kind: "response-too-large", requestId });
      return;
    }
    this.onEvent(
      m[2] === "response" && !streamed
        ? { kind: "response", requestId, body }
        : { kind: "error", requestId, body, errorType: type },
    );
    // The caller's answer is written first (it resolves in this turn's microtasks); the runtime,
    // blocked until its 202, gets it right after.
    setImmediate(() => answer(202, { status: "OK" }));
  }
}

/** The headers of an invocation's GET /invocation/next answer (Lambda's names). */
function headersOf(inv: RuntimeInvocation): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "lambda-runtime-aws-request-id": inv.requestId,
    "lambda-runtime-deadline-ms": inv.deadlineMs,
    "lambda-runtime-invoked-function-arn": inv.functionArn,
  };
  if (inv.traceId) headers["lambda-runtime-trace-id"] = inv.traceId;
  if (inv.clientContext) headers["lambda-runtime-client-context"] = inv.clientContext;
  if (inv.cognitoIdentity) headers["lambda-runtime-cognito-identity"] = inv.cognitoIdentity;
  return headers;
}

/** The error a streamed response's trailers carry (type, and the error document in base64). */
function streamedError(req: http.IncomingMessage): { errorType: string; body: Buffer } | undefined {
  if (req.headers["lambda-runtime-function-response-mode"] !== "streaming") return undefined;
  const errorType = req.trailers["lambda-runtime-function-error-type"];
  if (!errorType) return undefined;
  const encoded = req.trailers["lambda-runtime-function-error-body"] ?? "";
  return { errorType, body: Buffer.from(encoded, "base64") };
}
