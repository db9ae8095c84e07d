import "server-only";
import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from "@smithy/types";
import { resolveLocalCredentials, type StaticCredentials } from "../targets/local-target";
import type { Target } from "../targets/types";
import { AwsFailure, mapAwsError, unreachableMessage } from "./errors";

export interface ClientSettings {
  region: string;
  endpoint?: string;
  profile?: string;
  credentials?: StaticCredentials;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}

/**
 * The SDK settings for a target. The local engine gets its own keys, read per call because a
 * fresh data dir means fresh keys; AWS targets use the default chain or the named profile.
 */
export function settingsFor(target: Target): ClientSettings {
  const base = {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    // Fail fast on a dead endpoint: the page shows an error state instead of hanging.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
  };
  if (target.kind === "local") {
    const creds = resolveLocalCredentials();
    if (!creds.ok) {
      throw new AwsFailure(
        "Unavailable",
        `${unreachableMessage(target, "ECONNREFUSED")} (${creds.message})`,
        "NoEngineCredentials",
      );
    }
    return { ...base, credentials: creds.credentials, maxAttempts: 1 };
  }
  return { ...base, ...(target.profile ? { profile: target.profile } : {}), maxAttempts: 2 };
}

/** What an SDK v3 client has that the cache needs: its middleware stack. */
interface SdkClient<I extends object, O extends MetadataBearer> {
  middlewareStack: MiddlewareStack<I, O>;
}

type ErrorMapper = (err: unknown, target: Target) => AwsFailure;

/**
 * The one place SDK errors are mapped: a middleware around every command of a cached client (its
 * retries, paginators and waiters included), so a `send` throws AwsFailure and never a raw SDK error.
 */
function mapErrorsOf<I extends object, O extends MetadataBearer>(
  client: SdkClient<I, O>,
  target: Target,
  mapError: ErrorMapper,
): void {
  const middleware: InitializeMiddleware<I, O> = (next) => async (args) => {
    try {
      return await next(args);
    } catch (err) {
      throw mapError(err, target);
    }
  };
  client.middlewareStack.add(middleware, {
    step: "initialize",
    name: "consoleErrorMapping",
    priority: "high",
  });
}

const clients = new Map<string, unknown>();

/**
 * One client per service + target (+ region, endpoint, profile and key, so fresh engine keys get a
 * fresh client), reused across requests, with its errors mapped to the console's union.
 */
export function cachedClient<C extends SdkClient<I, O>, I extends object, O extends MetadataBearer>(
  service: string,
  target: Target,
  build: (settings: ClientSettings) => C,
  mapError: ErrorMapper = mapAwsError,
): C {
  const settings = settingsFor(target);
  const key = [
    service,
    target.id,
    target.label,
    settings.region,
    settings.endpoint ?? "",
    settings.profile ?? "",
    settings.credentials?.accessKeyId ?? "",
  ].join("|");
  const cached = clients.get(key);
  if (cached) return cached as C;
  const client = build(settings);
  mapErrorsOf(client, target, mapError);
  clients.set(key, client);
  return client;
}
