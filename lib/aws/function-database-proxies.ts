import "server-only";
import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { engineRoute } from "./database-clients";
import { getDbProxy, listDbProxies, secretUsername } from "./databases";

export interface FunctionProxyView {
  name: string;
  endpoint?: string;
  status: string;
  iamAuth: boolean;
  connected: boolean;
}

/** The secret's name from its ARN (…:secret:<name>-<6 characters>). */
const secretName = (arn: string) => /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn)?.[1] ?? arn;

async function functionEnv(
  target: Target,
  fn: string,
): Promise<{ env: Record<string, string>; role?: string }> {
  const c = await getLambdaClient(target).send(
    new GetFunctionConfigurationCommand({ FunctionName: fn }),
  );
  return { env: c.Environment?.Variables ?? {}, role: c.Role };
}

async function putEnv(target: Target, fn: string, env: Record<string, string>): Promise<void> {
  await getLambdaClient(target).send(
    new UpdateFunctionConfigurationCommand({ FunctionName: fn, Environment: { Variables: env } }),
  );
}

/** Every proxy, and whether this function is connected to it (its DB_HOST, and locally the engine's grant). */
export async function listFunctionProxies(
  target: Target,
  fn: string,
): Promise<FunctionProxyView[]> {
  const [{ env }, proxies] = await Promise.all([
    functionEnv(target, fn),
    listDbProxies(target, false),
  ]);
  return Promise.all(
    proxies.map(async (p) => {
      let granted = true;
      if (target.kind === "local")
        granted = (
          await engineRoute<{ functions: string[] }>(
            target,
            "GET",
            `/lambda-console/db-proxies/${encodeURIComponent(p.name)}/functions`,
          )
        ).functions.includes(fn);
      return {
        name: p.name,
        endpoint: p.endpoint,
        status: p.status,
        iamAuth: p.iamAuth,
        connected: granted && env.DB_HOST === p.endpoint,
      };
    }),
  );
}

/**
 * Connects a function to a proxy: DB_HOST/DB_PORT/DB_USER/DB_SECRET_NAME in its environment and
 * rds-db:connect for it (the local engine's grant: the proxy's socket in its sandbox). On AWS the
 * grant is a policy on the execution role; the returned note says which.
 */
export async function connectFunctionToProxy(
  target: Target,
  fn: string,
  proxyName: string,
): Promise<{ note?: string }> {
  const proxy = await getDbProxy(target, proxyName);
  const secretArn = proxy.secretArns[0];
  const user = secretArn ? await secretUsername(target, secretArn) : undefined;
  const { env, role } = await functionEnv(target, fn);
  let port = 5432;
  if (target.kind === "local")
    port = (
      await engineRoute<{ port: number }>(
        target,
        "PUT",
        `/lambda-console/db-proxies/${encodeURIComponent(proxyName)}/functions/${encodeURIComponent(fn)}`,
      )
    ).port;
  await putEnv(target, fn, {
    ...env,
    DB_HOST: proxy.endpoint ?? "",
    DB_PORT: String(port),
    ...(user ? { DB_USER: user } : {}),
    ...(secretArn ? { DB_SECRET_NAME: secretName(secretArn) } : {}),
  });
  if (target.kind === "local") return {};
  return {
    note: `Allow rds-db:connect for ${user ?? "the proxy's user"} on this proxy in the execution role ${role ?? ""}.`,
  };
}

export async function disconnectFunctionFromProxy(
  target: Target,
  fn: string,
  proxyName: string,
): Promise<void> {
  const { env } = await functionEnv(target, fn);
  const rest = Object.fromEntries(
    Object.entries(env).filter(
      ([k]) => !["DB_HOST", "DB_PORT", "DB_USER", "DB_SECRET_NAME"].includes(k),
    ),
  );
  await putEnv(target, fn, rest);
  if (target.kind === "local")
    await engineRoute(
      target,
      "DELETE",
      `/lambda-console/db-proxies/${encodeURIComponent(proxyName)}/functions/${encodeURIComponent(fn)}`,
    );
}
