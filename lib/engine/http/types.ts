import type { IncomingHttpHeaders } from "node:http";
import { AwsError } from "../errors/aws-error";

/** A parsed request: routes are plain functions from this to an EngineResponse. */
export interface EngineRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  /** The raw (still percent-encoded) path, as signed by SigV4. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Path parameters captured by the router. */
  params: Record<string, string>;
  /**
   * Who signed the request (after verification). Unset for public routes and for requests handed
   * to the router in-process (tests); the socket adapter sets it on every other request.
   */
  principal?: Principal;
  /** The client's address as the socket saw it (the audit trail's sourceIPAddress). */
  sourceIp?: string;
  /**
   * The verified SigV4 signature and its scope's signing key: what S3's signed aws-chunked bodies
   * chain their chunk signatures from. Set by verifySignature.
   */
  signing?: { signature: string; amzDate: string; scope: string; key: Buffer };
}

/** What a function's session credentials may touch: its own identity, role and log group. */
export interface FunctionScope {
  functionName: string;
  /** arn:aws:lambda:<region>:<account>:function:<name>, the region and account of its ARNs. */
  functionArn: string;
  /** The function's execution role ARN; AccessDenied names it as the assumed role. */
  roleArn: string;
  /** The group its logs go to (/aws/lambda/<name> or LoggingConfig.LogGroup). */
  logGroup: string;
}

/**
 * The identity behind a verified request: the engine's own key may do everything; an execution
 * environment's session key is held to its function's scope (see http/authorize.ts).
 */
export type Principal =
  | { kind: "engine"; accessKeyId: string }
  | { kind: "function"; accessKeyId: string; scope: FunctionScope };

export interface EngineResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /**
   * A body written over time (event streams such as StartLiveTail): the server sends the headers,
   * then calls this; `closed` aborts when the client goes away. Used instead of `body`.
   */
  stream?: (write: (chunk: Buffer) => void, closed: AbortSignal) => Promise<void>;
}

export type Handler = (req: EngineRequest) => EngineResponse | Promise<EngineResponse>;

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EngineResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: value === undefined ? "" : JSON.stringify(value),
  };
}

export function empty(status = 204, headers: Record<string, string> = {}): EngineResponse {
  return { status, headers, body: "" };
}

/** Parses a JSON request body; an empty body is an empty object. */
export function parseJsonBody(req: EngineRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString("utf8"));
  } catch {
    throw new AwsError(
      400,
      "InvalidRequestContentException",
      "Could not parse request body into json",
      "message",
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AwsError(
      400,
      "InvalidRequestContentException",
      "Could not parse request body into json",
      "message",
    );
  }
  return value as Record<string, unknown>;
}
