import crypto from "node:crypto";
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  RemovePermissionCommand,
  UpdateFunctionUrlConfigCommand,
  type Cors,
} from "@aws-sdk/client-lambda";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import type { SourceData } from "@smithy/types";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { AwsFailure, mapAwsError } from "./errors";

export interface FunctionUrlInfo {
  url: string;
  functionArn: string;
  authType: "NONE" | "AWS_IAM";
  invokeMode: "BUFFERED" | "RESPONSE_STREAM";
  cors?: {
    allowOrigins: string[];
    allowMethods: string[];
    allowHeaders: string[];
    exposeHeaders: string[];
    allowCredentials: boolean;
    maxAge?: number;
  };
  createdAt?: string;
  lastModified?: string;
}

export interface PolicyStatementInfo {
  sid: string;
  effect: string;
  principal: string;
  action: string;
  resource: string;
  conditions: string[];
}

export interface UrlSettings {
  authType: "NONE" | "AWS_IAM";
  invokeMode: "BUFFERED" | "RESPONSE_STREAM";
  cors?: Cors;
}

async function call<T>(target: Target, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw mapAwsError(err, target);
  }
}

const isNotFound = (err: unknown) => err instanceof AwsFailure && err.kind === "NotFound";

/** The function's URL configuration, or undefined when it has none. */
export async function getFunctionUrl(
  target: Target,
  name: string,
): Promise<FunctionUrlInfo | undefined> {
  try {
    const c = await call(target, () =>
      getLambdaClient(target).send(new GetFunctionUrlConfigCommand({ FunctionName: name })),
    );
    return {
      url: c.FunctionUrl ?? "",
      functionArn: c.FunctionArn ?? "",
      authType: c.AuthType === "AWS_IAM" ? "AWS_IAM" : "NONE",
      invokeMode: c.InvokeMode === "RESPONSE_STREAM" ? "RESPONSE_STREAM" : "BUFFERED",
      ...(c.Cors
        ? {
            cors: {
              allowOrigins: c.Cors.AllowOrigins ?? [],
              allowMethods: c.Cors.AllowMethods ?? [],
              allowHeaders: c.Cors.AllowHeaders ?? [],
              exposeHeaders: c.Cors.ExposeHeaders ?? [],
              allowCredentials: c.Cors.AllowCredentials ?? false,
              ...(c.Cors.MaxAge !== undefined ? { maxAge: c.Cors.MaxAge } : {}),
            },
          }
        : {}),
      createdAt: c.CreationTime,
      lastModified: c.LastModifiedTime,
    };
  } catch (err) {
    // A function without a URL answers ResourceNotFound too; tell the two apart.
    if (isNotFound(err)) {
      await call(target, () =>
        getLambdaClient(target).send(new GetFunctionConfigurationCommand({ FunctionName: name })),
      );
      return undefined;
    }
    throw err;
  }
}

const PUBLIC_SID = "FunctionURLAllowPublicAccess";

/**
 * Creates or updates the URL. For AuthType NONE the console adds the statement AWS's console
 * adds (lambda:InvokeFunctionUrl for everyone, FunctionUrlAuthType NONE); for AWS_IAM it removes it.
 */
export async function saveFunctionUrl(
  target: Target,
  name: string,
  settings: UrlSettings,
): Promise<void> {
  const lambda = getLambdaClient(target);
  const existing = await getFunctionUrl(target, name);
  const input = {
    FunctionName: name,
    AuthType: settings.authType,
    InvokeMode: settings.invokeMode,
    Cors: settings.cors ?? {},
  };
  await call(target, () =>
    existing
      ? lambda.send(new UpdateFunctionUrlConfigCommand(input))
      : lambda.send(new CreateFunctionUrlConfigCommand(input)),
  );
  const statements = await listPolicyStatements(target, name);
  const hasPublic = statements.some((s) => s.sid === PUBLIC_SID);
  if (settings.authType === "NONE" && !hasPublic)
    await call(target, () =>
      lambda.send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: PUBLIC_SID,
          Action: "lambda:InvokeFunctionUrl",
          Principal: "*",
          FunctionUrlAuthType: "NONE",
        }),
      ),
    );
  if (settings.authType === "AWS_IAM" && hasPublic)
    await removePermission(target, name, PUBLIC_SID);
}

export async function deleteFunctionUrl(target: Target, name: string): Promise<void> {
  await call(target, () =>
    getLambdaClient(target).send(new DeleteFunctionUrlConfigCommand({ FunctionName: name })),
  );
}

function describePrincipal(p: unknown): string {
  if (typeof p === "string") return p;
  if (p && typeof p === "object") {
    const o = p as Record<string, unknown>;
    const v = o.Service ?? o.AWS ?? o.Federated;
    if (typeof v === "string") return v;
    if (Array.isArray(v)) return v.join(", ");
  }
  return JSON.stringify(p);
}

/** The statements of the function's resource-based policy (none when it has no policy). */
export async function listPolicyStatements(
  target: Target,
  name: string,
): Promise<PolicyStatementInfo[]> {
  try {
    const r = await call(target, () =>
      getLambdaClient(target).send(new GetPolicyCommand({ FunctionName: name })),
    );
    const doc = JSON.parse(r.Policy ?? "{}") as { Statement?: Record<string, unknown>[] };
    return (doc.Statement ?? []).map((s) => ({
      sid: String(s.Sid ?? ""),
      effect: String(s.Effect ?? ""),
      principal: describePrincipal(s.Principal),
      action: Array.isArray(s.Action) ? s.Action.join(", ") : String(s.Action ?? ""),
      resource: String(s.Resource ?? ""),
      conditions: Object.entries(
        (s.Condition ?? {}) as Record<string, Record<string, string>>,
      ).flatMap(([op, kv]) => Object.entries(kv).map(([k, v]) => `${op} ${k} = ${v}`)),
    }));
  } catch (err) {
    if (isNotFound(err)) {
      await call(target, () =>
        getLambdaClient(target).send(new GetFunctionConfigurationCommand({ FunctionName: name })),
      );
      return [];
    }
    throw err;
  }
}

export interface NewPermission {
  statementId: string;
  principal: string;
  action: string;
  sourceArn?: string;
  sourceAccount?: string;
  functionUrlAuthType?: "NONE" | "AWS_IAM";
}

export async function addPermission(target: Target, name: string, p: NewPermission): Promise<void> {
  await call(target, () =>
    getLambdaClient(target).send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: p.statementId,
        Principal: p.principal,
        Action: p.action,
        ...(p.sourceArn ? { SourceArn: p.sourceArn } : {}),
        ...(p.sourceAccount ? { SourceAccount: p.sourceAccount } : {}),
        ...(p.functionUrlAuthType ? { FunctionUrlAuthType: p.functionUrlAuthType } : {}),
      }),
    ),
  );
}

export async function removePermission(target: Target, name: string, sid: string): Promise<void> {
  await call(target, () =>
    getLambdaClient(target).send(
      new RemovePermissionCommand({ FunctionName: name, StatementId: sid }),
    ),
  );
}

/** The execution role the function runs with. */
export async function getExecutionRole(target: Target, name: string): Promise<string> {
  const c = await call(target, () =>
    getLambdaClient(target).send(new GetFunctionConfigurationCommand({ FunctionName: name })),
  );
  return c.Role ?? "";
}

class Sha256 {
  private readonly h: crypto.Hash | crypto.Hmac;
  constructor(secret?: SourceData) {
    this.h =
      secret === undefined
        ? crypto.createHash("sha256")
        : crypto.createHmac(
            "sha256",
            typeof secret === "string" ? secret : Buffer.from(secret as Uint8Array),
          );
  }
  update(d: Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

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
