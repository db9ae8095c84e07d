import type { IncomingHttpHeaders } from "node:http";

/** What the URL server knows of a request when it builds the event. */
export interface UrlRequest {
  method: string;
  /** Path as the client sent it (without the path-form prefix). */
  rawPath: string;
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  urlId: string;
  region: string;
  requestId: string;
  /** Set for AWS_IAM URLs: the caller's identity. */
  iam?: { accessKey: string; accountId: string; callerId: string; userArn: string; userId: string };
}

// Bodies of these content types reach the function as text; everything else as base64.
const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[a-z.+-]*\+(json|xml)))/i;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");
/** requestContext.time: 12/Mar/2020:19:03:58 +0000 */
function clfTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The payload format 2.0 event a function URL sends to its function. */
export function buildUrlEvent(r: UrlRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [k, v] of Object.entries(r.headers)) {
    if (v === undefined) continue;
    if (k === "cookie") {
      cookies = (Array.isArray(v) ? v.join("; ") : v).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[k] = Array.isArray(v) ? v.join(",") : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(r.rawQueryString))
    query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = new Date();
  const domainName = `${r.urlId}.lambda-url.${r.region}.on.aws`;
  const event: Record<string, unknown> = {
    version: "2.0",
    routeKey: "$default",
    rawPath: r.rawPath,
    rawQueryString: r.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: r.iam ? r.iam.accountId : "anonymous",
      apiId: r.urlId,
      ...(r.iam
        ? {
            authorizer: {
              iam: {
                accessKey: r.iam.accessKey,
                accountId: r.iam.accountId,
                callerId: r.iam.callerId,
                cognitoIdentity: null,
                principalOrgId: null,
                userArn: r.iam.userArn,
                userId: r.iam.userId,
              },
            },
          }
        : {}),
      domainName,
      domainPrefix: r.urlId,
      http: {
        method: r.method,
        path: r.rawPath,
        protocol: "HTTP/1.1",
        sourceIp: r.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: r.requestId,
      routeKey: "$default",
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (r.body.length > 0) {
    const text = TEXT_TYPES.test(headers["content-type"] ?? "");
    event.body = text ? r.body.toString("utf8") : r.body.toString("base64");
    event.isBase64Encoded = !text;
  }
  return event;
}

/** What goes back to the HTTP client. */
export interface UrlResponse {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

function stringHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== "object") return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.map(String).join(",") : String(v);
  }
  return out;
}

/**
 * Interprets the function's result as Lambda does for URLs: an object with statusCode is a
 * response (headers, cookies, body, isBase64Encoded); any other valid JSON (a plain value, or an
 * object without statusCode) becomes a 200 application/json response whose body is that JSON.
 */
export function shapeUrlResponse(payload: Buffer): UrlResponse {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString("utf8"));
  } catch {
    return {
      status: 502,
      headers: { "content-type": "application/json" },
      cookies: [],
      body: Buffer.from('{"Message":"Internal Server Error"}'),
    };
  }
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    !("statusCode" in value)
  ) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      cookies: [],
      body: payload,
    };
  }
  return shapeMetadata(value as Record<string, unknown>, undefined);
}

/** A response object ({statusCode, headers, cookies, body, isBase64Encoded}) or a stream prelude. */
export function shapeMetadata(
  v: Record<string, unknown>,
  streamedBody: Buffer | undefined,
): UrlResponse {
  const status = Number(v.statusCode ?? 200);
  const headers = stringHeaders(v.headers);
  const multi = v.multiValueHeaders;
  if (multi && typeof multi === "object")
    for (const [k, vals] of Object.entries(multi as Record<string, unknown>))
      if (Array.isArray(vals)) headers[k.toLowerCase()] = vals.map(String).join(",");
  const cookies = Array.isArray(v.cookies) ? v.cookies.map(String) : [];
  let body: Buffer;
  if (streamedBody !== undefined) body = streamedBody;
  else if (v.body === undefined || v.body === null) body = Buffer.alloc(0);
  else {
    const text = typeof v.body === "string" ? v.body : JSON.stringify(v.body);
    body = v.isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
  }
  if (!headers["content-type"] && streamedBody === undefined)
    headers["content-type"] = "application/json";
  return {
    status: Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502,
    headers,
    cookies,
    body,
  };
}

/**
 * A streamed response may start with awslambda.HttpResponseStream's prelude: a JSON object, then
 * eight NUL bytes, then the body. Returns the prelude and the body, or undefined without one.
 */
export function splitStreamPrelude(
  payload: Buffer,
): { prelude: Record<string, unknown>; body: Buffer } | undefined {
  if (payload[0] !== 0x7b) return undefined;
  const at = payload.indexOf(Buffer.alloc(8));
  if (at === -1) return undefined;
  try {
    const prelude = JSON.parse(payload.subarray(0, at).toString("utf8")) as unknown;
    if (!prelude || typeof prelude !== "object" || Array.isArray(prelude)) return undefined;
    return { prelude: prelude as Record<string, unknown>, body: payload.subarray(at + 8) };
  } catch {
    return undefined;
  }
}
