import "server-only";
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
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { AwsFailure } from "./errors";

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

const isNotFound = (err: unknown) => err instanceof AwsFailure && err.kind === "NotFound";

/** The function's URL configuration, or undefined when it has none. */
export async function getFunctionUrl(
  target: Target,
  name: string,
): Promise<FunctionUrlInfo | undefined> {
  try {
    const c = await getLambdaClient(target).send(
      new GetFunctionUrlConfigCommand({ FunctionName: name }),
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
      await getLambdaClient(target).send(
        new GetFunctionConfigurationCommand({ FunctionName: name }),
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
  await (existing
    ? lambda.send(new UpdateFunctionUrlConfigCommand(input))
    : lambda.send(new CreateFunctionUrlConfigCommand(input)));
  const statements = await listPolicyStatements(target, name);
  const hasPublic = statements.some((s) => s.sid === PUBLIC_SID);
  if (settings.authType === "NONE" && !hasPublic)
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: PUBLIC_SID,
        Action: "lambda:InvokeFunctionUrl",
        Principal: "*",
        FunctionUrlAuthType: "NONE",
      }),
    );
  if (settings.authType === "AWS_IAM" && hasPublic)
    await removePermission(target, name, PUBLIC_SID);
}

export async function deleteFunctionUrl(target: Target, name: string): Promise<void> {
  await getLambdaClient(target).send(new DeleteFunctionUrlConfigCommand({ FunctionName: name }));
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
    const r = await getLambdaClient(target).send(new GetPolicyCommand({ FunctionName: name }));
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
      await getLambdaClient(target).send(
        new GetFunctionConfigurationCommand({ FunctionName: name }),
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
  await getLambdaClient(target).send(
    new AddPermissionCommand({
      FunctionName: name,
      StatementId: p.statementId,
      Principal: p.principal,
      Action: p.action,
      ...(p.sourceArn ? { SourceArn: p.sourceArn } : {}),
      ...(p.sourceAccount ? { SourceAccount: p.sourceAccount } : {}),
      ...(p.functionUrlAuthType ? { FunctionUrlAuthType: p.functionUrlAuthType } : {}),
    }),
  );
}

export async function removePermission(target: Target, name: string, sid: string): Promise<void> {
  await getLambdaClient(target).send(
    new RemovePermissionCommand({ FunctionName: name, StatementId: sid }),
  );
}

/** The execution role the function runs with. */
export async function getExecutionRole(target: Target, name: string): Promise<string> {
  const c = await getLambdaClient(target).send(
    new GetFunctionConfigurationCommand({ FunctionName: name }),
  );
  return c.Role ?? "";
}
