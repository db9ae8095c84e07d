import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { EngineContext } from "../context";
import type { CredentialRegistry } from "../credentials";
import { authenticateHeaders, verifySignature } from "../http/sigv4";
import type { EngineRequest } from "../http/types";
import { AwsError } from "../errors/aws-error";
import type { Invoker } from "../invoke/invoker";
import type { PolicyService } from "../permissions/policies";
import { preflightHeaders, responseCorsHeaders } from "./cors";
import {
  buildUrlEvent,
  shapeMetadata,
  shapeUrlResponse,
  splitStreamPrelude,
  type UrlRequest,
  type UrlResponse,
} from "./payload";
import type { UrlConfigRow, UrlConfigService } from "./url-configs";
import { UrlStreamWriter, type Head } from "./stream-response";

/** The path form, for clients that cannot resolve <id>.lambda-url.<region>.localhost. */
const PATH_FORM_PREFIX = "/lambda-url/";
const HOST_RE = /^([a-z0-9]{32})\.lambda-url\.[a-z0-9-]+\.localhost(?::\d+)?$/;
const MAX_BODY = 6 * 1024 * 1024;

export interface UrlServerDeps {
  ctx: EngineContext;
  urls: UrlConfigService;
  policies: PolicyService;
  invoker: Invoker;
  credentials: CredentialRegistry;
}

const message = (status: number, text: string | null): UrlResponse => ({
  status,
  headers: { "content-type": "application/json" },
  cookies: [],
  body: Buffer.from(JSON.stringify({ Message: text })),
});

/** Which URL a request is for: by host name, else by the path form /lambda-url/<id>/... */
export function routeUrl(
  host: string | undefined,
  url: string,
): { urlId: string; rawPath: string; rawQueryString: string } | undefined {
  const q = url.indexOf("?");
  let path = q === -1 ? url : url.slice(0, q);
  const rawQueryString = q === -1 ? "" : url.slice(q + 1);
  const byHost = HOST_RE.exec((host ?? "").toLowerCase());
  if (byHost?.[1]) return { urlId: byHost[1], rawPath: path, rawQueryString };
  if (!path.startsWith(PATH_FORM_PREFIX)) return undefined;
  path = path.slice(PATH_FORM_PREFIX.length);
  const slash = path.indexOf("/");
  const urlId = slash === -1 ? path : path.slice(0, slash);
  return { urlId, rawPath: slash === -1 ? "/" : path.slice(slash), rawQueryString };
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** AWS_IAM: a SigV4 signature for service lambda by one of the engine's keys. */
async function iamCaller(
  deps: UrlServerDeps,
  req: http.IncomingMessage,
  body: Buffer,
): Promise<UrlRequest["iam"] | undefined> {
  try {
    const pending = authenticateHeaders(req.headers, deps.credentials.lookup);
    if (pending.service !== "lambda") return undefined;
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const ereq: EngineRequest = {
      method: req.method ?? "GET",
      path: q === -1 ? url : url.slice(0, q),
      rawPath: q === -1 ? url : url.slice(0, q),
      query: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
      headers: req.headers,
      body,
      params: {},
    };
    await verifySignature(ereq, pending);
    const account = deps.ctx.config.accountId;
    const p = pending.principal;
    const userArn =
      p.kind === "engine"
        ? `arn:aws:iam::${account}:root`
        : `arn:aws:sts::${account}:assumed-role/${p.scope.roleArn.split("/").pop() ?? ""}/${p.scope.functionName}`;
    return {
      accessKey: pending.keyId,
      accountId: account,
      callerId: pending.keyId,
      userArn,
      userId: pending.keyId,
    };
  } catch (err) {
    if (err instanceof AwsError) return undefined;
    throw err;
  }
}

/** The head of a URL response: the function's headers, then the configured CORS headers. */
function writeHead(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  cfg: UrlConfigRow | undefined,
  r: Head,
  length?: number,
): void {
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  const cors = cfg?.cors && req.method !== "OPTIONS" ? responseCorsHeaders(cfg.cors, origin) : {};
  const headers: Record<string, string | string[]> = { ...r.headers, ...cors };
  if (r.cookies.length > 0) headers["set-cookie"] = r.cookies;
  headers["x-amzn-requestid"] ??= crypto.randomUUID();
  // RESPONSE_STREAM answers chunked, as AWS streams it; BUFFERED with a length.
  if (length !== undefined) headers["content-length"] = String(length);
  res.writeHead(r.status, headers);
}

async function answer(
  deps: UrlServerDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<{ r?: UrlResponse; cfg?: UrlConfigRow }> {
  const route = routeUrl(req.headers.host, req.url ?? "/");
  const cfg = route && deps.urls.byUrlId(route.urlId);
  if (!route || !cfg) {
    req.resume();
    return { r: message(404, "Not Found") };
  }
  const method = req.method ?? "GET";
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  const askedMethod = req.headers["access-control-request-method"];
  if (cfg.cors && method === "OPTIONS" && origin && typeof askedMethod === "string") {
    req.resume();
    const asked = req.headers["access-control-request-headers"];
    const headers = preflightHeaders(
      cfg.cors,
      origin,
      askedMethod,
      typeof asked === "string" ? asked : undefined,
    );
    return { r: { status: 200, headers, cookies: [], body: Buffer.alloc(0) }, cfg };
  }
  const body = await readBody(req);
  if (body === undefined)
    return {
      r: message(
        413,
        "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
      ),
      cfg,
    };
  let iam: UrlRequest["iam"];
  if (cfg.authType === "AWS_IAM") {
    iam = await iamCaller(deps, req, body);
    if (!iam) return { r: message(403, "Forbidden"), cfg };
  } else {
    const allowed = deps.policies.allows(cfg.functionName, cfg.qualifier, {
      action: "lambda:InvokeFunctionUrl",
      principalAccount: "*",
      keys: { "lambda:FunctionUrlAuthType": "NONE" },
    });
    if (!allowed) return { r: message(403, "Forbidden"), cfg };
  }
  const event = buildUrlEvent({
    method,
    rawPath: route.rawPath,
    rawQueryString: route.rawQueryString,
    headers: req.headers,
    body,
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
    urlId: cfg.urlId,
    region: deps.ctx.config.region,
    requestId: crypto.randomUUID(),
    iam,
  });
  // RESPONSE_STREAM: what a streaming function writes goes out as it comes.
  const stream =
    cfg.invokeMode === "RESPONSE_STREAM"
      ? new UrlStreamWriter(
          (head) => writeHead(req, res, cfg, head),
          (chunk) => void res.write(chunk),
        )
      : undefined;
  try {
    const result = await deps.invoker.invoke({
      functionName: cfg.functionName,
      qualifier: cfg.qualifier || undefined,
      payload: Buffer.from(JSON.stringify(event)),
      ...(stream ? { onChunk: (chunk: Buffer) => stream.push(chunk) } : {}),
    });
    if (stream?.started) return { cfg };
    if (result.functionError) return { r: message(502, "Internal Server Error"), cfg };
    const r = shapeFunctionResult(cfg, result.payload);
    r.headers["x-amzn-requestid"] = result.requestId;
    return { r, cfg };
  } catch (err) {
    if (stream?.started) return { cfg };
    if (err instanceof AwsError && err.status === 429)
      return { r: message(429, "Rate Exceeded."), cfg };
    if (err instanceof AwsError && err.status < 500)
      return { r: message(502, "Internal Server Error"), cfg };
    throw err;
  }
}

function shapeFunctionResult(cfg: UrlConfigRow, payload: Buffer): UrlResponse {
  if (cfg.invokeMode === "RESPONSE_STREAM") {
    const split = splitStreamPrelude(payload);
    if (split) return shapeMetadata(split.prelude, split.body);
  }
  return shapeUrlResponse(payload);
}

/**
 * Serves every function URL on one port: routes by the URL id in the host name (or the path
 * form), answers CORS preflights, checks AuthType, and invokes through the engine's invoker.
 */
export function startUrlServer(
  deps: UrlServerDeps,
  host: string,
  port: number,
  onListening: (port: number) => void,
): () => Promise<void> {
  const server = http.createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    answer(deps, req, res)
      .then(({ r, cfg }) => {
        // Undefined: a streamed response, already written.
        if (!r) return void res.end();
        writeHead(
          req,
          res,
          cfg,
          r,
          cfg?.invokeMode === "RESPONSE_STREAM" ? undefined : r.body.length,
        );
        res.end(r.body);
      })
      .catch((err: unknown) => {
        console.error("[engine] function URL request failed", err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ Message: "Internal Server Error" }));
      });
  });
  server.on("error", (err) =>
    console.error(`[engine] function URL listener failed: ${err.message}`),
  );
  server.listen(port, host, () => onListening((server.address() as AddressInfo).port));
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
