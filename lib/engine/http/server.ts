import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Router } from "./router";
import { AwsError, type EngineRequest, type EngineResponse } from "./types";
import { verifySigV4, type SecretLookup } from "./sigv4";

/** Bodies above this are refused before they are buffered (sync Invoke allows 6 MB; zips 50 MB as base64). */
export const MAX_BODY_BYTES = 70 * 1024 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  router: Router;
  lookupSecret: SecretLookup;
  /** Set when unsigned requests are accepted (benchmarks on loopback): the principal they get. */
  unsignedPrincipal?: string;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
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
  headers["content-length"] = Buffer.byteLength(body);
  if (!headers["x-amzn-requestid"]) headers["x-amzn-requestid"] = crypto.randomUUID();
  res.writeHead(r.status, headers);
  res.end(body);
}

/** The socket adapter: parse → verify SigV4 → route. Everything else is plain functions. */
export async function handleNodeRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  opts: Pick<ServerOptions, "router" | "lookupSecret" | "unsignedPrincipal">,
): Promise<void> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === undefined) {
    send(
      res,
      new AwsError(
        413,
        "RequestEntityTooLargeException",
        "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
        "message",
      ).toResponse(),
    );
    return;
  }
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  const ereq: EngineRequest = {
    method: req.method ?? "GET",
    path,
    rawPath,
    query: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
    headers: req.headers,
    body: body ?? Buffer.alloc(0),
    params: {},
  };
  try {
    // Public routes (self-signed download URLs) skip SigV4; they check their own token.
    if (opts.router.isPublic(ereq.method, ereq.path)) ereq.principal = undefined;
    else
      ereq.principal =
        opts.unsignedPrincipal !== undefined && req.headers.authorization === undefined
          ? opts.unsignedPrincipal
          : await verifySigV4(ereq, opts.lookupSecret);
  } catch (err) {
    if (err instanceof AwsError) return send(res, err.toResponse());
    throw err;
  }
  send(res, await opts.router.handle(ereq));
}

export function startHttpServer(
  opts: ServerOptions,
): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    handleNodeRequest(req, res, opts).catch((err) => {
      console.error("[engine] request failed", err);
      if (!res.headersSent)
        send(
          res,
          new AwsError(
            500,
            "ServiceException",
            "An internal error occurred in the local engine.",
            "Message",
          ).toResponse(),
        );
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
