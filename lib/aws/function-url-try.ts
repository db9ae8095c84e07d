import "server-only";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { AwsFailure } from "./errors";
import { getFunctionUrl } from "./function-urls";
import { Sha256 } from "./sha256";

export interface TryResult {
  status: number;
  headers: [string, string][];
  body: string;
  durationMs: number;
}

/**
 * Sends one request to the function's own URL (read from its configuration, never from the
 * caller), SigV4-signed with the target's credentials when the URL is AWS_IAM. A local URL on
 * <id>.lambda-url.<region>.localhost goes to the engine's host by the path form.
 */
export async function tryFunctionUrl(
  target: Target,
  name: string,
  req: { method: string; path: string; body: string; contentType: string },
): Promise<TryResult> {
  const info = await getFunctionUrl(target, name);
  if (!info)
    throw new AwsFailure("NotFound", "This function has no URL.", "ResourceNotFoundException");
  const base = new URL(info.url);
  const path = req.path.startsWith("/") ? req.path : `/${req.path}`;
  let url = new URL(path, base);
  const local = /\.lambda-url\.[a-z0-9-]+\.localhost$/.test(base.hostname);
  if (local) {
    const id = base.hostname.split(".")[0] ?? "";
    const host = target.endpoint ? new URL(target.endpoint).hostname : "127.0.0.1";
    url = new URL(`http://${host}:${base.port}/lambda-url/${id}${url.pathname}${url.search}`);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== "";
  let headers: Record<string, string> = hasBody ? { "content-type": req.contentType } : {};
  if (info.authType === "AWS_IAM") {
    const creds = getLambdaClient(target).config.credentials;
    const signer = new SignatureV4({
      credentials: creds,
      region: target.region,
      service: "lambda",
      sha256: Sha256,
    });
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const signed = await signer.sign(
      new HttpRequest({
        method: req.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers: { host: url.host, ...headers },
        body: hasBody ? req.body : undefined,
      }),
    );
    headers = { ...signed.headers } as Record<string, string>;
    delete headers.host;
  }
  const t0 = performance.now();
  try {
    const res = await fetch(url, {
      method: req.method,
      headers,
      body: hasBody ? req.body : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const body = await res.text();
    return {
      status: res.status,
      headers: [...res.headers.entries()],
      body: body.length > 20_000 ? `${body.slice(0, 20_000)}…` : body,
      durationMs: Math.round(performance.now() - t0),
    };
  } catch (err) {
    throw new AwsFailure(
      "Unavailable",
      `The URL did not answer: ${(err as Error).message}`,
      "UrlUnreachable",
    );
  }
}
