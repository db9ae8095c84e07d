import http from "node:http";
import net from "node:net";

/**
 * HTTP/1.1 exchanges read and written on the socket itself (issue 18). node:http's request and
 * response objects, streams and events cost more CPU than the bytes of a small exchange; a server
 * whose hot requests are few and plain (the Runtime API's /next and results, the API's Invoke)
 * answers those here and hands the connection, with what it has sent, to node:http for good at
 * the first request it does not take: a chunked or streamed body, Expect, HTTP/1.0, an upgrade,
 * a repeated, malformed or oversized header, or anything its handler declines.
 */

/** A request head as the wire path read it: what node:http's IncomingMessage would hold. */
export interface WireHead {
  method: string;
  url: string;
  /** Lower-case names, values without surrounding spaces or tabs (each name at most once). */
  headers: Record<string, string>;
  /** Content-Length (0 when absent). */
  length: number;
  /** The client asked to close the connection after the answer. */
  close: boolean;
}

/** A head larger than this goes to node:http (which answers 431 where it must). */
const MAX_HEAD_BYTES = 16 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * One header line, read where the last ended (sticky): a token name, a colon, optional spaces or
 * tabs, then a value of visible characters, spaces and tabs up to CRLF. A control character, a
 * bare CR or LF, or a folded line (a leading space) does not match: node:http refuses those (400).
 */
const HEADER_LINE = /([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\t\x20-\x7e\x80-\xff]*)\r\n/y;
/** Headers whose request node:http must read: bodies it frames, or answers it must give. */
const NODE_ONLY = new Set(["transfer-encoding", "expect", "upgrade"]);

/** A value without the spaces and tabs after it (JavaScript's trimEnd() takes more than that). */
function trimOwsEnd(v: string): string {
  let b = v.length;
  while (b > 0 && (v.charCodeAt(b - 1) === 32 || v.charCodeAt(b - 1) === 9)) b--;
  return b === v.length ? v : v.slice(0, b);
}

/**
 * Parses a request head (without its blank line); undefined for anything node:http must see:
 * then node:http parses the same bytes and answers as it always has.
 */
export function parseWireHead(head: string): WireHead | undefined {
  const text = `${head}\r\n`;
  let at = text.indexOf("\r\n");
  const line0 = text.slice(0, at);
  const sp1 = line0.indexOf(" ");
  const sp2 = line0.indexOf(" ", sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || line0.slice(sp2 + 1) !== "HTTP/1.1") return undefined;
  const method = line0.slice(0, sp1);
  const url = line0.slice(sp1 + 1, sp2);
  if (!TOKEN.test(method) || url.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (at += 2; at < text.length; at = HEADER_LINE.lastIndex) {
    HEADER_LINE.lastIndex = at;
    const m = HEADER_LINE.exec(text);
    if (!m) return undefined;
    const name = (m[1] as string).toLowerCase();
    // (A name Object.prototype has, such as "constructor", reads as repeated: node:http's then.)
    if (headers[name] !== undefined || NODE_ONLY.has(name)) return undefined;
    headers[name] = trimOwsEnd(m[2] as string);
  }
  const cl = headers["content-length"];
  if (cl !== undefined && !/^\d{1,10}$/.test(cl)) return undefined;
  return {
    method,
    url,
    headers,
    length: cl === undefined ? 0 : Number(cl),
    close: headers.connection !== undefined && headers.connection.toLowerCase() === "close",
  };
}

/** What a wire connection asks of the server that owns it. */
export interface WireHandler<T> {
  /**
   * What the wire path needs to answer this request itself (its body not read yet), or undefined:
   * node:http gets the connection.
   */
  accept(head: WireHead): T | undefined;
  /** A whole request; `conn.answer*` must be called once, now or later. */
  request(conn: WireConnection<T>, head: WireHead, body: Buffer, accepted: T): void;
}

/**
 * A listener whose connections start on the wire path and go to `node` (a node:http server that
 * never listens itself) at the first request `handler` does not take. `sockets` holds them all
 * while they are open, for the owner's close.
 */
export function wireListener<T>(
  handler: WireHandler<T>,
  node: http.Server,
  sockets: Set<net.Socket>,
  idleMs = 0,
): net.Server {
  return net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    new WireConnection(socket, handler, node, idleMs);
  });
}

const EMPTY = Buffer.alloc(0);

const jsonHead = (status: number, body: string) =>
  `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;

/** One connection on the wire path: one request at a time, answered in order. */
export class WireConnection<T> {
  private buf: Buffer = EMPTY;
  /** A request read and not answered yet: what follows waits (answers stay in order). */
  private owed = false;
  private closeAfter = false;
  /** An answer that goes out with the next one (answerWithNext). */
  private held: { head: string; body: Buffer } | undefined;
  /** A request whose head is read and whose body is still arriving: its pieces, joined once. */
  private body: { head: WireHead; accepted: T; parts: Buffer[]; have: number } | undefined;
  private readonly onData = (chunk: Buffer) => {
    const b = this.body;
    if (!b) {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.next();
      return;
    }
    b.parts.push(chunk);
    b.have += chunk.length;
    if (b.have < b.head.length) return;
    this.body = undefined;
    this.buf = Buffer.concat(b.parts);
    this.take(b.head, b.accepted, 0);
  };

  /**
   * `idleMs`: with nothing owed, a connection quiet this long is closed (node:http's
   * keepAliveTimeout); while a request runs, however long, it stays open.
   */
  constructor(
    readonly socket: net.Socket,
    private readonly handler: WireHandler<T>,
    /** Where the connection goes at the first request the handler does not take. */
    private readonly node: http.Server,
    private readonly idleMs = 0,
  ) {
    socket.on("data", this.onData);
    if (idleMs > 0) {
      socket.on("timeout", this.onIdle);
      socket.setTimeout(idleMs);
    }
    this.keepAlive =
      idleMs > 0
        ? `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(idleMs / 1000)}\r\n`
        : "";
  }

  private readonly onIdle = () => this.socket.destroy();
  /** What node:http says of a kept connection with a keepAliveTimeout (nothing without one). */
  private readonly keepAlive: string;

  get gone(): boolean {
    return this.socket.destroyed;
  }

  /** Answers with a JSON document. */
  answer(status: number, doc: unknown): void {
    const body = JSON.stringify(doc);
    this.write(jsonHead(status, body), Buffer.from(body));
  }

  /**
   * Answers with a JSON document now, or, when the client has already sent its next request on
   * this connection (pipelined: it goes on without this answer), in one write with the next answer.
   * The next request is read at once either way.
   */
  answerWithNext(status: number, doc: unknown): void {
    if (this.buf.length === 0 || this.closeAfter || this.socket.destroyed)
      return this.answer(status, doc);
    const body = JSON.stringify(doc);
    this.held = { head: `${jsonHead(status, body)}${this.keepAlive}\r\n`, body: Buffer.from(body) };
    this.owed = false;
    this.next();
  }

  /** Answers with `headers` (validated as node:http does: no line breaks get through). */
  answerWith(status: number, headers: Record<string, string | number>, body: Buffer): void {
    let head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\nContent-Length: ${body.length}\r\n`;
    for (const name in headers) {
      const value = String(headers[name]);
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
      head += `${name}: ${value}\r\n`;
    }
    this.write(head, body);
  }

  private write(head: string, body: Buffer): void {
    if (this.socket.destroyed) return;
    const s = this.socket;
    s.cork();
    this.flushHeld();
    s.write(`${head}${this.closeAfter ? "Connection: close\r\n" : this.keepAlive}\r\n`, "latin1");
    if (body.length > 0) s.write(body);
    s.uncork();
    this.owed = false;
    if (this.closeAfter) {
      s.end();
      return;
    }
    if (this.idleMs > 0) s.setTimeout(this.idleMs);
    if (this.buf.length > 0) this.next();
  }

  /** Reads the next whole request from the buffer, if any and if nothing is owed. */
  private next(): void {
    if (this.owed) return;
    // A head that does not arrive whole goes to node:http, whose timeouts bound a slow sender.
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0 || end > MAX_HEAD_BYTES) return this.handOff();
    const head = parseWireHead(this.buf.toString("latin1", 0, end));
    const accepted = head && this.handler.accept(head);
    if (!head || accepted === undefined) return this.handOff();
    if (this.idleMs > 0) this.socket.setTimeout(0);
    if (this.buf.length < end + 4 + head.length) {
      this.body = {
        head,
        accepted,
        parts: [this.buf.subarray(end + 4)],
        have: this.buf.length - end - 4,
      };
      this.buf = EMPTY;
      return;
    }
    this.take(head, accepted, end + 4);
  }

  /** Hands on a request whose body starts at `start` of the buffer and is all there. */
  private take(head: WireHead, accepted: T, start: number): void {
    const total = start + head.length;
    const body = head.length === 0 ? EMPTY : this.buf.subarray(start, total);
    this.buf = this.buf.length === total ? EMPTY : this.buf.subarray(total);
    this.owed = true;
    this.closeAfter = head.close;
    this.handler.request(this, head, body, accepted);
  }

  /** Writes a held answer (the socket corked, or before node:http answers what follows). */
  private flushHeld(): void {
    const h = this.held;
    if (!h) return;
    this.held = undefined;
    this.socket.write(h.head, "latin1");
    if (h.body.length > 0) this.socket.write(h.body);
  }

  private handOff(): void {
    if (!this.socket.destroyed) this.flushHeld();
    this.socket.removeListener("data", this.onData);
    if (this.idleMs > 0) {
      this.socket.removeListener("timeout", this.onIdle);
      this.socket.setTimeout(0);
    }
    if (this.buf.length > 0) this.socket.unshift(this.buf);
    this.buf = EMPTY;
    this.node.emit("connection", this.socket);
  }
}
