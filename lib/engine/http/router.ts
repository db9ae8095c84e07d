import { authorize, type Home } from "./authorize";
import {
  DEFAULT_MAX_BODY,
  restOperation,
  targetOperation,
  type Operation,
  type OperationOf,
  type RequestHead,
} from "./operations";
import type { EngineRequest, EngineResponse, Handler } from "./types";
import { AwsError } from "../errors/aws-error";
import { withRequestNotes, type RequestNotes } from "./request-notes";
import { errorResponse, internalError } from "./error-response";

interface PathRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  /** Undefined for public routes: they check their own token and no principal reaches them. */
  operation?: OperationOf;
}

/** What a request head resolved to, before its body is read. */
export type RouteMatch =
  | {
      handler: Handler;
      params: Record<string, string>;
      /** Undefined for a public route. */
      operation?: Operation;
      /** The body cap: the operation's, or the default for public routes and errors. */
      maxBodyBytes: number;
      /** The operation as the body names it (awsQuery's form Action), replacing `operation`. */
      operationOfBody?: (req: EngineRequest) => Operation;
      error?: undefined;
    }
  | { error: AwsError; maxBodyBytes: number };

/** A request the router answered, as its observers see it (the audit trail: lib/engine/audit). */
export interface DispatchedCall {
  operation: Operation;
  request: EngineRequest;
  response: EngineResponse;
  /** The x-amzn-RequestId the response carries. */
  requestId: string;
  /** What the handler noted on the request (http/request-notes.ts); empty for most calls. */
  notes: RequestNotes;
}

export type DispatchObserver = (call: DispatchedCall) => void;

const unknownOperation = (message: string, status = 400) =>
  new AwsError(status, "UnknownOperationException", message, "message");

/**
 * A small router: REST routes by method and path template ("/2015-03-31/functions/:name"),
 * JSON-protocol operations by X-Amz-Target ("Logs_20140328.DescribeLogGroups"). Every route has
 * an operation (http/operations.ts): its body cap and the action the principal is authorized for.
 */
export class Router {
  private readonly paths: PathRoute[] = [];
  private readonly targets = new Map<string, { handler: Handler; operation: OperationOf }>();
  private readonly services = new Map<
    string,
    {
      handler: Handler;
      operation: OperationOf;
      operationOfBody?: (req: EngineRequest) => Operation;
    }
  >();
  private readonly observers: DispatchObserver[] = [];

  /** `home`: the account and region this engine is; calls naming another account's ARNs are refused. */
  constructor(private readonly home?: Home) {}

  route(method: string, template: string, handler: Handler): this {
    const operation = restOperation(method, template);
    if (!operation)
      throw new Error(`${method} ${template} has no operation in lib/engine/http/operations.ts`);
    this.paths.push({ method, ...compile(template), handler, operation });
    return this;
  }

  /**
   * A route that skips SigV4 and authorization: for URLs the engine hands out that carry their
   * own signature, like GetFunction's code download location.
   */
  publicRoute(method: string, template: string, handler: Handler): this {
    this.paths.push({ method, ...compile(template), handler });
    return this;
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
    view.service = (name, operation, handler, operationOfBody) => (
      this.service(name, operation, wrap(handler), operationOfBody),
      view
    );
    return view;
  }

  target(name: string, handler: Handler): this {
    const operation = targetOperation(name);
    if (!operation) throw new Error(`${name} is not a target of a service the engine knows`);
    this.targets.set(name, { handler, operation });
    return this;
  }

  /**
   * A whole service, dispatched by the SigV4 credential scope's service name ("s3", "rds") before
   * targets and paths: for protocols whose paths or bodies say nothing the router could match on
   * (restXml's path-style "/<bucket>/<key>", awsQuery's "POST /" with the action in the form body).
   * `operation` names the action from the head; `operationOfBody`, when the action is in the body
   * (awsQuery's form), names it again once the body is read, before authorization and observers.
   * A request with an X-Amz-Target goes to its target instead: CloudWatch takes both protocols.
   */
  service(
    name: string,
    operation: OperationOf,
    handler: Handler,
    operationOfBody?: (req: EngineRequest) => Operation,
  ): this {
    this.services.set(name, { handler, operation, operationOfBody });
    return this;
  }

  /**
   * Adds an observer of every answered request that has an operation (public routes and unknown
   * operations excluded). Observers run after the handler; what they throw is logged, not sent.
   */
  observe(observer: DispatchObserver): this {
    this.observers.push(observer);
    return this;
  }

  /** The actions of every registered path and target (not services: their heads pick them). */
  actions(): string[] {
    const head = { method: "GET", path: "/", query: new URLSearchParams(), headers: {} };
    const ops = [
      ...this.paths.map((p) => p.operation),
      ...[...this.targets.values()].map((t) => t.operation),
    ];
    return [...new Set(ops.flatMap((op) => (op ? [op(head).action] : [])))];
  }

  /** Resolves the route from the head alone, so the server can cap the body before reading it. */
  match(head: RequestHead): RouteMatch {
    const target = head.headers["x-amz-target"];
    const service =
      target === undefined ? this.services.get(credentialScopeService(head) ?? "") : undefined;
    if (service) {
      const operation = service.operation(head);
      return {
        handler: service.handler,
        params: {},
        operation,
        maxBodyBytes: operation.maxBodyBytes,
        operationOfBody: service.operationOfBody,
      };
    }
    if (typeof target === "string" && head.method === "POST") {
      const t = this.targets.get(target);
      if (!t) {
        const op = target.split(".").pop() ?? target;
        return {
          error: unknownOperation(`Operation ${op} is not supported by this engine`),
          maxBodyBytes: DEFAULT_MAX_BODY,
        };
      }
      const operation = t.operation(head);
      return { handler: t.handler, params: {}, operation, maxBodyBytes: operation.maxBodyBytes };
    }
    let pathMatched = false;
    for (const r of this.paths) {
      const m = r.pattern.exec(head.path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== head.method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = m[i + 1] ?? ""));
      const operation = r.operation?.(head);
      return {
        handler: r.handler,
        params,
        operation,
        maxBodyBytes: operation?.maxBodyBytes ?? DEFAULT_MAX_BODY,
      };
    }
    const error = pathMatched
      ? new AwsError(405, "MethodNotAllowedException", "Method not allowed", "message")
      : unknownOperation(`No operation at ${head.method} ${head.path}`, 404);
    return { error, maxBodyBytes: DEFAULT_MAX_BODY };
  }

  /**
   * Runs a matched request: the principal is authorized for the operation (the one place every
   * route passes), then the handler. Errors become AWS error responses.
   */
  async dispatch(headMatch: RouteMatch, req: EngineRequest): Promise<EngineResponse> {
    if (headMatch.error) return errorResponse(headMatch.error);
    const match = headMatch.operationOfBody
      ? { ...headMatch, operation: headMatch.operationOfBody(req) }
      : headMatch;
    const notes: RequestNotes = {};
    // Invoke, the hot path, notes nothing: it runs outside the notes' storage (request-notes.ts).
    const response =
      match.operation?.action === "lambda:InvokeFunction"
        ? await this.run(match, req)
        : await withRequestNotes(notes, () => this.run(match, req));
    if (match.operation && this.observers.length > 0) {
      // One id for the client and the observers: set here rather than by the socket adapter.
      const headers = { ...response.headers };
      const requestId = (headers["x-amzn-requestid"] ??= crypto.randomUUID());
      const answered = { ...response, headers };
      const call = {
        operation: match.operation,
        request: { ...req, params: match.params },
        response: answered,
        requestId,
        notes,
      };
      for (const observe of this.observers) {
        try {
          observe(call);
        } catch (err) {
          console.error("[engine] dispatch observer failed", err);
        }
      }
      return answered;
    }
    return response;
  }

  private async run(
    match: Exclude<RouteMatch, { error: AwsError }>,
    req: EngineRequest,
  ): Promise<EngineResponse> {
    try {
      const request = { ...req, params: match.params };
      if (match.operation && request.principal) {
        const refused = authorize(request.principal, match.operation, request, this.home);
        if (refused) return refused;
      }
      return await match.handler(request);
    } catch (err) {
      if (err instanceof AwsError) return errorResponse(err);
      return internalError(err, "unexpected error");
    }
  }

  /** match + dispatch, for a request already in hand (tests send EngineRequests without a socket). */
  handle(req: EngineRequest): Promise<EngineResponse> {
    return this.dispatch(this.match(req), req);
  }
}

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(part.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/**
 * The service of a signed request's credential scope: "AKID/20260101/us-east-1/s3/aws4_request",
 * from the Authorization header or a presigned URL's X-Amz-Credential. Undefined when unsigned.
 */
function credentialScopeService(head: RequestHead): string | undefined {
  const auth = head.headers.authorization;
  const credential =
    typeof auth === "string"
      ? /Credential=([^,\s]+)/.exec(auth)?.[1]
      : (head.query.get("X-Amz-Credential") ?? undefined);
  // S3's SigV2 presigned URLs (botocore's default for S3) name no scope: only S3 takes them.
  if (credential === undefined && head.query.has("AWSAccessKeyId") && head.query.has("Signature"))
    return "s3";
  return credential?.split("/")[3];
}
