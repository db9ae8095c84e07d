import { AwsError, type EngineRequest, type EngineResponse, type Handler } from "./types";

interface PathRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * A small router: REST routes by method and path template ("/2015-03-31/functions/:name"),
 * JSON-protocol operations by X-Amz-Target ("Logs_20140328.DescribeLogGroups").
 */
export class Router {
  private readonly paths: PathRoute[] = [];
  private readonly targets = new Map<string, Handler>();
  private readonly publicPaths: RegExp[] = [];

  route(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split("/")
      .map((part) => {
        if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(part.slice(1));
        return "([^/]+)";
      })
      .join("/");
    this.paths.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /**
   * A route that skips SigV4 (the server asks isPublic first): for URLs the engine hands out that
   * carry their own signature, like GetFunction's code download location.
   */
  publicRoute(method: string, template: string, handler: Handler): this {
    this.route(method, template, handler);
    const last = this.paths[this.paths.length - 1];
    if (last) this.publicPaths.push(new RegExp(`^${method} ${last.pattern.source.slice(1)}`));
    return this;
  }

  isPublic(method: string, path: string): boolean {
    const key = `${method} ${path}`;
    return this.publicPaths.some((p) => p.test(key));
  }

  /** A view of this router whose handlers first run `hook` (e.g. flush buffered writes before reads). */
  withHook(hook: () => void): Router {
    const wrap =
      (h: Handler): Handler =>
      (req) => {
        hook();
        return h(req);
      };
    const view = Object.create(this) as Router;
    view.route = (method, template, handler) => (this.route(method, template, wrap(handler)), view);
    view.target = (name, handler) => (this.target(name, wrap(handler)), view);
    return view;
  }

  target(name: string, handler: Handler): this {
    this.targets.set(name, handler);
    return this;
  }

  async handle(req: EngineRequest): Promise<EngineResponse> {
    try {
      const target = req.headers["x-amz-target"];
      if (typeof target === "string" && req.method === "POST") {
        const handler = this.targets.get(target);
        if (!handler) {
          const op = target.split(".").pop() ?? target;
          return new AwsError(
            400,
            "UnknownOperationException",
            `Operation ${op} is not supported by this engine`,
            "message",
          ).toResponse();
        }
        return await handler(req);
      }
      let pathMatched = false;
      for (const r of this.paths) {
        const m = r.pattern.exec(req.path);
        if (!m) continue;
        pathMatched = true;
        if (r.method !== req.method) continue;
        const params: Record<string, string> = {};
        r.names.forEach((n, i) => (params[n] = m[i + 1] ?? ""));
        return await r.handler({ ...req, params });
      }
      if (pathMatched)
        return new AwsError(
          405,
          "MethodNotAllowedException",
          "Method not allowed",
          "message",
        ).toResponse();
      return new AwsError(
        404,
        "UnknownOperationException",
        `No operation at ${req.method} ${req.path}`,
        "message",
      ).toResponse();
    } catch (err) {
      if (err instanceof AwsError) return err.toResponse();
      console.error("[engine] unexpected error", err);
      return new AwsError(
        500,
        "ServiceException",
        "An internal error occurred in the local engine.",
        "Message",
      ).toResponse();
    }
  }
}
