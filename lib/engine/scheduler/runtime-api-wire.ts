import http from "node:http";
import type net from "node:net";

/**
 * The Runtime API's common exchanges read and written on the socket itself (issue 18): a warm
 * invoke is one GET /invocation/next answered and one POST of the result answered 202, and
 * node:http's request and response objects, streams and events cost the engine ~58 µs of CPU
 * per pair of them (a loopback A/B of the two servers: 184 against 126 µs). Anything else
 * (a chunked or streamed body, Expect, HTTP/1.0, the Extensions and Telemetry APIs, oversized
 * or malformed heads) hands the connection, with what it has sent, to node:http for good.
 */

/** A request the wire path answers itself. */
export interface WireRequest {
  method: "GET" | "POST";
  url: string;
  /** Content-Length (0 for a GET). */
  length: number;
  /** Lambda-Runtime-Function-Error-Type, when sent. */
  errorType?: string;
  /** The client asked to close the connection after the answer. */
  close: boolean;
}

/** A head larger than this goes to node:http (which answers 431 where it must). */
const MAX_HEAD_BYTES = 16 * 1024;

/**
 * Parses a request head (without its blank line) that the wire path can answer; undefined for
 * anything node:http must see. A Content-Length over the handler's `maxBody` goes to node:http, which reads
 * it as a stream (and answers 413 for a too-large response).
 */
function parseWireHead(
  head: string,
  handler: Pick<WireHandler, "accepts" | "maxBody">,
): WireRequest | undefined {
  const lineEnd = head.indexOf("\r\n");
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const parts = requestLine.split(" ");
  if (parts.length !== 3 || parts[2] !== "HTTP/1.1") return undefined;
  const [method, url] = parts as [string, string, string];
  if ((method !== "GET" && method !== "POST") || !handler.accepts(method, url)) return undefined;
  let length: number | undefined;
  let errorType: string | undefined;
  let close = false;
  let at = lineEnd;
  while (at >= 0 && at < head.length) {
    const next = head.indexOf("\r\n", at + 2);
    const line = head.slice(at + 2, next < 0 ? head.length : next);
    at = next;
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-length") {
      if (length !== undefined || !/^\d{1,10}$/.test(value)) return undefined;
      length = Number(value);
    } else if (name === "connection") {
      close = value.toLowerCase() === "close";
    } else if (name === "lambda-runtime-function-error-type") {
      errorType = value;
    } else if (
      name === "transfer-encoding" ||
      name === "expect" ||
      name === "lambda-runtime-function-response-mode" ||
      name === "upgrade"
    ) {
      return undefined;
    }
  }
  if (method === "POST" && length === undefined) return undefined;
  if (method === "GET" && length) return undefined;
  if ((length ?? 0) > handler.maxBody) return undefined;
  return { method, url, length: length ?? 0, errorType, close };
}

/** What a wire connection asks of the server that owns it. */
export interface WireHandler {
  /** Whether the wire path answers this request line (else node:http gets the connection). */
  accepts(method: string, url: string): boolean;
  /** The largest body the wire path reads itself. */
  maxBody: number;
  /** A whole request; `conn.answer*` must be called once, now or later. */
  request(conn: WireConnection, req: WireRequest, body: Buffer): void;
  /** The connection goes to node:http, `rest` first. */
  handOff(socket: net.Socket, rest: Buffer): void;
}

const EMPTY = Buffer.alloc(0);

/** One Runtime API connection on the wire path: one request at a time, answered in order. */
export class WireConnection {
  private buf: Buffer = EMPTY;
  /** A request read and not answered yet: what follows waits (answers stay in order). */
  private owed = false;
  private closeAfter = false;
  /** A request whose head is read and whose body is still arriving: its pieces, joined once. */
  private body: { req: WireRequest; parts: Buffer[]; have: number } | undefined;
  private readonly onData = (chunk: Buffer) => {
    const b = this.body;
    if (!b) {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.next();
      return;
    }
    b.parts.push(chunk);
    b.have += chunk.length;
    if (b.have < b.req.length) return;
    this.body = undefined;
    this.buf = Buffer.concat(b.parts);
    this.take(b.req, 0);
  };

  constructor(
    readonly socket: net.Socket,
    private readonly handler: WireHandler,
  ) {
    socket.on("data", this.onData);
  }

  get gone(): boolean {
    return this.socket.destroyed;
  }

  /** Answers with a JSON document. */
  answer(status: number, doc: unknown): void {
    const body = JSON.stringify(doc);
    this.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`,
      Buffer.from(body),
    );
  }

  /** Answers 200 with `headers` (validated as node:http does: no line breaks get through). */
  answerWith(headers: Record<string, string | number>, body: Buffer): void {
    let head = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n`;
    for (const name in headers) {
      const value = String(headers[name]);
      http.validateHeaderValue(name, value);
      head += `${name}: ${value}\r\n`;
    }
    this.write(head, body);
  }

  private write(head: string, body: Buffer): void {
    if (this.socket.destroyed) return;
    const s = this.socket;
    s.cork();
    s.write(this.closeAfter ? `${head}Connection: close\r\n\r\n` : `${head}\r\n`, "latin1");
    if (body.length > 0) s.write(body);
    s.uncork();
    this.owed = false;
    if (this.closeAfter) {
      s.end();
      return;
    }
    if (this.buf.length > 0) this.next();
  }

  /** Reads the next whole request from the buffer, if any and if nothing is owed. */
  private next(): void {
    if (this.owed) return;
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0 || end > MAX_HEAD_BYTES) {
      if (end >= 0 || this.buf.length > MAX_HEAD_BYTES) this.handOff();
      return;
    }
    const req = parseWireHead(this.buf.toString("latin1", 0, end), this.handler);
    if (!req) return this.handOff();
    if (this.buf.length < end + 4 + req.length) {
      this.body = { req, parts: [this.buf.subarray(end + 4)], have: this.buf.length - end - 4 };
      this.buf = EMPTY;
      return;
    }
    this.take(req, end + 4);
  }

  /** Hands on `req`, whose body starts at `start` of the buffer and is all there. */
  private take(req: WireRequest, start: number): void {
    const total = start + req.length;
    const body = req.length === 0 ? EMPTY : this.buf.subarray(start, total);
    this.buf = this.buf.length === total ? EMPTY : this.buf.subarray(total);
    this.owed = true;
    this.closeAfter = req.close;
    this.handler.request(this, req, body);
  }

  private handOff(): void {
    this.socket.removeListener("data", this.onData);
    const rest = this.buf;
    this.buf = EMPTY;
    this.handler.handOff(this.socket, rest);
  }
}
