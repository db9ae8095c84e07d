import type { Router } from "../../http/router";
import type { EngineRequest, EngineResponse } from "../../http/types";
import { AwsError } from "../../errors/aws-error";
import type { InvocationType, Invoker } from "../../invoke/invoker";
import { param } from "./params";

function header(req: EngineRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** POST /2015-03-31/functions/:name/invocations → Invoker.invoke, shaped as Lambda answers. */
async function handleInvoke(invoker: Invoker, req: EngineRequest): Promise<EngineResponse> {
  const logType = header(req, "x-amz-log-type") ?? "None";
  if (logType !== "None" && logType !== "Tail") {
    throw new AwsError(
      400,
      "InvalidParameterValueException",
      `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`,
      "message",
    );
  }
  const result = await invoker.invoke({
    functionName: param(req, "name"),
    qualifier: req.query.get("Qualifier") ?? undefined,
    invocationType: (header(req, "x-amz-invocation-type") ?? "RequestResponse") as InvocationType,
    logType,
    payload: req.body,
    clientContext: header(req, "x-amz-client-context"),
  });
  const headers: Record<string, string> = { "x-amzn-requestid": result.requestId };
  if (result.statusCode === 200) headers["content-type"] = "application/json";
  if (result.executedVersion) headers["x-amz-executed-version"] = result.executedVersion;
  if (result.functionError) headers["x-amz-function-error"] = result.functionError;
  if (result.logResult !== undefined) headers["x-amz-log-result"] = result.logResult;
  return { status: result.statusCode, headers, body: result.payload };
}

export function registerInvokeRoute(router: Router, invoker: Invoker): void {
  router.route("POST", "/2015-03-31/functions/:name/invocations", (req) =>
    handleInvoke(invoker, req),
  );
}
