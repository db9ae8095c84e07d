import http from "node:http";
import type { AddressInfo } from "node:net";
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
import { errorResponse } from "./error-response";

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

/**
 * The socket adapter: route from the head → check the credentials in the headers → read the body
 * up to the operation's cap → verify the signature → authorize and run (Router.dispatch).
 * Requests without a known key are refused before their body is read.
 */
async function handleNodeRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  opts: Pick<ServerOptions, "router" | "lookupSecret" | "unsignedPrincipal">,
): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  const method = req.method ?? "GET";
  const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
  const match = opts.router.match({ method, path, query, headers: req.headers });
  // Public routes (self-signed download URLs) skip SigV4; they check their own token.
  const isPublic = !match.error && match.operation === undefined;
  let principal: Principal | undefined;
  let pending: PendingSignature | undefined;
  if (!isPublic) {
    if (opts.unsignedPrincipal !== undefined && req.headers.authorization === undefined) {
      const keyId = opts.unsignedPrincipal;
      principal = opts.lookupSecret(keyId)?.principal ?? { kind: "engine", accessKeyId: keyId };
    } else {
      try {
        pending =
          req.headers.authorization === undefined && isPresigned(query)
            ? authenticateQuery({ method, rawPath, query, headers: req.headers }, opts.lookupSecret)
            : authenticateHeaders(req.headers, opts.lookupSecret);
        principal = pending.principal;
      } catch (err) {
        if (err instanceof AwsError)
          return refuse(req, res, inProtocol(match, err), match.maxBodyBytes);
        throw err;
      }
    }
  }
  // A known key's client gets its 413 whole: the rest of its upload is read away, not kept.
  const drain = principal ? Infinity : match.maxBodyBytes;
  if (Number(req.headers["content-length"] ?? 0) > match.maxBodyBytes)
    return refuse(req, res, tooLarge(match), drain);
  // Only now may the client send the body it held back (Expect: 100-continue).
  if (/100-continue/i.test(req.headers.expect ?? "")) res.writeContinue();
  const body = await readBody(req, match.maxBodyBytes);
  if (body === undefined) return refuse(req, res, tooLarge(match), drain);
  const ereq: EngineRequest = {
    method,
    path,
    rawPath,
    query,
    headers: req.headers,
    body,
    params: {},
    principal,
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ""),
  };
  if (pending) {
    try {
      await verifySignature(ereq, pending);
    } catch (err) {
      if (err instanceof AwsError) return send(res, inProtocol(match, err));
      throw err;
    }
  }
  send(res, await opts.router.dispatch(match, ereq));
}

/** The engine's API as an http.Server, not yet listening (a port, or a sandbox's own socket). */
export function createApiServer(
  opts: Pick<ServerOptions, "router" | "lookupSecret" | "unsignedPrincipal">,
): http.Server {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handleNodeRequest(req, res, opts).catch((err) => {
      console.error("[engine] request failed", err);
      if (!res.headersSent)
        send(
          res,
          errorResponse(
            new AwsError(
              500,
              "ServiceException",
              "An internal error occurred in the local engine.",
              "Message",
            ),
          ),
        );
    });
  };
  const server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
  // Without this listener Node answers 100 Continue itself, inviting the body before the check.
  server.on("checkContinue", handler);
  return server;
}

const LISTEN_BACKLOG = 4096;

export function startHttpServer(
  opts: ServerOptions,
): Promise<{ server: http.Server; port: number }> {
  const server = createApiServer(opts);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // Node's default accept backlog (511) overflows when a thousand SDK callers connect at once:
    // the kernel drops their SYNs and each retries a second later (issue 18). The kernel caps
    // this at net.core.somaxconn.
    server.listen({ port: opts.port, host: opts.host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
