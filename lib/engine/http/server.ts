import http, { type IncomingHttpHeaders } from "node:http";
import { protocolError } from "./operations";
import { authenticateQuery, isPresigned } from "./presigned";
import type { RouteMatch, Router } from "./router";
import type { EngineRequest, EngineResponse, Principal } from "./types";
import { AwsError } from "../errors/aws-error";
import {
  authenticateHeaders,
  verifySignature,
  type PendingSignature,
  type SecretLookup,
} from "./sigv4";
import { errorResponse, internalError } from "./error-response";

/** An idle keep-alive connection is closed after this long (node:http's keepAliveTimeout). */
export const KEEP_ALIVE_MS = 60_000;

export interface ServerOptions {
  host: string;
  port: number;
  router: Router;
  lookupSecret: SecretLookup;
  /** Set when unsigned requests are accepted (benchmarks on loopback): the key id they act as. */
  unsignedPrincipal?: string;
}

/**
 * Reads the body up to `limit` bytes; undefined (and nothing kept) when it is larger. The caller
 * has refused a declared Content-Length above the limit already.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Chunked bodies declare no length: stop reading at the cap; the reply closes the socket.
        req.off("data", onData);
        req.pause();
        chunks = [];
        resolve(undefined);
        return;
      }
      chunks.push(c);
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendStream(
  res: http.ServerResponse,
  r: EngineResponse,
  stream: NonNullable<EngineResponse["stream"]>,
): void {
  const headers: Record<string, string> = { ...r.headers };
  if (!headers["x-amzn-requestid"]) headers["x-amzn-requestid"] = crypto.randomUUID();
  res.writeHead(r.status, headers);
  const closed = new AbortController();
  res.on("close", () => closed.abort());
  stream((chunk) => void res.write(chunk), closed.signal)
    .catch((err: unknown) => console.error("[engine] response stream failed", err))
    .finally(() => res.end());
}

function send(res: http.ServerResponse, r: EngineResponse): void {
  if (r.stream) return sendStream(res, r, r.stream);
  const body = r.body ?? "";
  const headers: Record<string, string | number> = { ...r.headers };
  // A HEAD answer may state the length of what a GET would send (S3's HeadObject).
  if (headers["content-length"] === undefined || Buffer.byteLength(body) > 0)
    headers["content-length"] = Buffer.byteLength(body);
  if (!headers["x-amzn-requestid"]) headers["x-amzn-requestid"] = crypto.randomUUID();
  res.writeHead(r.status, headers);
  res.end(body);
}

/**
 * Answers a request whose body was not read, then reads away what still arrives without keeping
 * it, up to `drainBytes`; past that the socket is closed. Closing while the client still sends
 * would reset the connection and could lose the answer, so a client sending a body it may send
 * reads its error intact and keeps its connection.
 */
function refuse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  r: EngineResponse,
  drainBytes: number,
): void {
  let discarded = 0;
  req.on("data", (c: Buffer) => {
    discarded += c.length;
    if (discarded > drainBytes) req.socket.destroy();
  });
  req.resume();
  send(res, r);
}

function tooLarge(match: RouteMatch): EngineResponse {
  const op = match.error ? undefined : match.operation;
  const message = `Request must be smaller than ${match.maxBodyBytes} bytes${op ? ` for the ${op.limitName} operation` : ""}`;
  return protocolError(
    op?.protocol ?? "restJson1",
    413,
    "RequestEntityTooLargeException",
    message,
    "message",
  );
}

/** A SigV4 refusal in the operation's wire protocol (XML for S3), so its SDK can read it. */
function inProtocol(match: RouteMatch, err: AwsError): EngineResponse {
  const protocol = match.error ? undefined : match.operation?.protocol;
  // Other protocols' refusals keep the error's own (restJson1) shape, as before.
  return errorResponse(
    err,
    protocol === "restXml" || protocol === "awsQuery" ? protocol : undefined,
  );
}

/** What a request head decided, before the body is read: its route, and who signed it. */
export interface Admitted {
  match: RouteMatch;
  method: string;
  path: string;
  rawPath: string;
  query: URLSearchParams;
  principal?: Principal;
  pending?: PendingSignature;
}

/** An answer sent without reading the body; then up to `drain` bytes of it are read away. */
interface Refused {
  refusal: EngineResponse;
  drain: number;
}

/**
 * A body over the operation's cap: its 413. A known key's client gets it whole (the rest of its
 * upload is read away, not kept); anyone else's connection closes past the cap.
 */
function overCap(match: RouteMatch, principal: Principal | undefined): Refused {
  return { refusal: tooLarge(match), drain: principal ? Infinity : match.maxBodyBytes };
}

export type ApiOptions = Pick<ServerOptions, "router" | "lookupSecret" | "unsignedPrincipal">;

/**
 * The head's part of a request: route → credentials in the headers → the operation's body cap.
 * Requests without a known key, and bodies declared over the cap, are refused here, unread.
 */
export function admit(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  opts: ApiOptions,
): Admitted | Refused {
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
  const match = opts.router.match({ method, path, query, headers });
  // Public routes (self-signed download URLs) skip SigV4; they check their own token.
  const isPublic = !match.error && match.operation === undefined;
  let principal: Principal | undefined;
  let pending: PendingSignature | undefined;
  if (!isPublic) {
    if (opts.unsignedPrincipal !== undefined && headers.authorization === undefined) {
      const keyId = opts.unsignedPrincipal;
      principal = opts.lookupSecret(keyId)?.principal ?? { kind: "engine", accessKeyId: keyId };
    } else {
      try {
        pending =
          headers.authorization === undefined && isPresigned(query)
            ? authenticateQuery({ method, rawPath, query, headers }, opts.lookupSecret)
            : authenticateHeaders(headers, opts.lookupSecret);
        principal = pending.principal;
      } catch (err) {
        if (err instanceof AwsError)
          return { refusal: inProtocol(match, err), drain: match.maxBodyBytes };
        throw err;
      }
    }
  }
  if (Number(headers["content-length"] ?? 0) > match.maxBodyBytes) return overCap(match, principal);
  return { match, method, path, rawPath, query, principal, pending };
}

/** The body's part: verify the signature over it, then authorize and run (Router.dispatch). */
export async function respond(
  a: Admitted,
  headers: IncomingHttpHeaders,
  body: Buffer,
  sourceIp: string | undefined,
  router: Router,
): Promise<EngineResponse> {
  const ereq: EngineRequest = {
    method: a.method,
    path: a.path,
    rawPath: a.rawPath,
    query: a.query,
    headers,
    body,
    params: {},
    principal: a.principal,
    sourceIp: sourceIp?.replace(/^::ffff:/, ""),
  };
  if (a.pending) {
    try {
      await verifySignature(ereq, a.pending);
    } catch (err) {
      if (err instanceof AwsError) return inProtocol(a.match, err);
      throw err;
    }
  }
  return router.dispatch(a.match, ereq);
}

/** node:http's path: every request the wire path (api-server.ts) does not take. */
async function handleNodeRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  opts: ApiOptions,
): Promise<void> {
  const a = admit(req.method ?? "GET", req.url ?? "/", req.headers, opts);
  if ("refusal" in a) return refuse(req, res, a.refusal, a.drain);
  // Only now may the client send the body it held back (Expect: 100-continue).
  if (/100-continue/i.test(req.headers.expect ?? "")) res.writeContinue();
  const body = await readBody(req, a.match.maxBodyBytes);
  if (body === undefined) {
    const over = overCap(a.match, a.principal);
    return refuse(req, res, over.refusal, over.drain);
  }
  send(res, await respond(a, req.headers, body, req.socket.remoteAddress, opts.router));
}

/** node:http's server for the API, fed connections by ApiServer (never listening itself). */
export function createNodeServer(opts: ApiOptions): http.Server {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handleNodeRequest(req, res, opts).catch((err) => {
      if (!res.headersSent) send(res, internalError(err));
    });
  };
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, handler);
  // Without this listener Node answers 100 Continue itself, inviting the body before the check.
  server.on("checkContinue", handler);
  return server;
}
