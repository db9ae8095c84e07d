import type http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import { internalError } from "./error-response";
import {
  admit,
  createNodeServer,
  KEEP_ALIVE_MS,
  respond,
  type Admitted,
  type ApiOptions,
  type ServerOptions,
} from "./server";
import type { EngineResponse } from "./types";
import {
  wireListener,
  type WireConnection,
  type WireHandler,
  type WireHead,
} from "./wire-connection";

/** The request the wire path takes: a synchronous or Event Invoke (the hot path, issue 18). */
const INVOKE = /^\/2015-03-31\/functions\/[^/?]+\/invocations(?:\?|$)/;
const EMPTY = Buffer.alloc(0);

let dateSecond = -1;
let dateText = "";
/** The Date header node:http would send (its text changes once a second). */
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/**
 * The API's wire path: an Invoke whose head arrives whole, signed by a known key (or unsigned
 * where the engine allows it), with a Content-Length within the operation's cap, is read and
 * answered on the socket; the same admit/respond steps as node:http's path run on it. Anything
 * else, refusals included, goes to node:http with the connection, which answers as it always has.
 */
class ApiWire implements WireHandler<Admitted> {
  constructor(private readonly opts: ApiOptions) {}

  accept(head: WireHead): Admitted | undefined {
    const h = head.headers;
    if (head.method !== "POST" || !INVOKE.test(head.url)) return undefined;
    // node:http answers 400 without a Host; a POST without a length has no body there.
    if (h.host === undefined || h["content-length"] === undefined) return undefined;
    const a = admit(head.method, head.url, h, this.opts);
    return "refusal" in a || a.match.error || a.match.operation === undefined ? undefined : a;
  }

  request(conn: WireConnection<Admitted>, head: WireHead, body: Buffer, a: Admitted): void {
    respond(a, head.headers, body, conn.socket.remoteAddress, this.opts.router)
      .catch(internalError)
      .then((r) => answer(conn, r.stream ? internalError(new Error("a streamed Invoke")) : r));
  }
}

/** Writes an answer as node:http's path would (server.ts send): length, request id, Date. */
function answer(conn: WireConnection<Admitted>, r: EngineResponse): void {
  const body =
    r.body === undefined ? EMPTY : typeof r.body === "string" ? Buffer.from(r.body) : r.body;
  const headers: Record<string, string> = { ...r.headers };
  delete headers["content-length"];
  headers["x-amzn-requestid"] ||= crypto.randomUUID();
  headers.Date = httpDate();
  try {
    conn.answerWith(r.status, headers, body);
  } catch (err) {
    // A header value node:http would refuse (a line break): the client still gets an answer.
    conn.answerWith(500, {}, Buffer.from(internalError(err).body ?? ""));
  }
}

/**
 * The engine's API server, not yet listening (a port, or a sandbox's own socket): the wire path
 * reads each connection first and hands it to node:http at the first request it does not take.
 */
export class ApiServer {
  private readonly node: http.Server;
  private readonly listener: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(opts: ApiOptions) {
    this.node = createNodeServer(opts);
    this.listener = wireListener(new ApiWire(opts), this.node, this.sockets, KEEP_ALIVE_MS);
  }

  listen(options: net.ListenOptions, done?: () => void): void {
    this.listener.listen(options, done);
  }

  once(event: "error", fn: (err: Error) => void): void {
    this.listener.once(event, fn);
  }

  off(event: "error", fn: (err: Error) => void): void {
    this.listener.off(event, fn);
  }

  address(): AddressInfo {
    return this.listener.address() as AddressInfo;
  }

  closeAllConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** Stops accepting; `done` once every connection has closed. */
  close(done?: () => void): void {
    this.listener.close(() => done?.());
    this.node.close();
  }
}

const LISTEN_BACKLOG = 4096;

export function startHttpServer(opts: ServerOptions): Promise<{ server: ApiServer; port: number }> {
  const server = new ApiServer(opts);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // Node's default accept backlog (511) overflows when a thousand SDK callers connect at once:
    // the kernel drops their SYNs and each retries a second later (issue 18). The kernel caps
    // this at net.core.somaxconn.
    server.listen({ port: opts.port, host: opts.host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve({ server, port: server.address().port });
    });
  });
}
