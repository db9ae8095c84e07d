import type { EngineContext } from "../context";
import type { CredentialRegistry } from "../credentials";
import type { FunctionsCore } from "../functions/core";
import type { Invoker } from "../invoke/invoker";
import { PolicyService } from "../permissions/policies";
import { UrlConfigService } from "./url-configs";
import { startUrlServer } from "./url-server";

/** Issue 21's services: resource policies and function URLs, and the URL listener's closer. */
export interface FunctionUrlServices {
  policies: PolicyService;
  urls: UrlConfigService;
  close(): Promise<void>;
}

/**
 * Resource policies, function URL configurations and the function URL listener (issue 21). The
 * routes that manage them are registered with the Lambda API (api/lambda/index.ts).
 */
export function startFunctionUrls(
  ctx: EngineContext,
  core: FunctionsCore,
  invoker: Invoker,
  credentials: CredentialRegistry,
): FunctionUrlServices {
  const policies = new PolicyService(core);
  const { region } = ctx.config;
  const urls = new UrlConfigService(
    core,
    (id) => `http://${id}.lambda-url.${region}.localhost:${ctx.config.urlPort}/`,
  );
  // An alias deleted takes its URL and its policy with it, as on AWS (a new alias of the same
  // name starts without them).
  core.onChange((name, kind) => {
    if (kind !== "aliases") return;
    for (const table of ["function_urls", "function_policies"])
      ctx.db
        .prepare(
          `DELETE FROM ${table} WHERE function_name = ? AND qualifier NOT GLOB '[0-9]*' AND qualifier != '' AND qualifier NOT IN (SELECT name FROM aliases WHERE function_name = ?)`,
        )
        .run(name, name);
  });
  // Port 0 asks for an ephemeral port: record the real one, FunctionUrl shows it.
  const close = startUrlServer(
    { ctx, urls, policies, invoker, credentials },
    ctx.config.host,
    ctx.config.urlPort,
    (port) => {
      ctx.config.urlPort = port;
    },
  );
  return { policies, urls, close };
}
