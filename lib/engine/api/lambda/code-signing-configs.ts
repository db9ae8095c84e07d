import crypto from "node:crypto";
import type { Router } from "../../http/router";
import { empty, json, parseJsonBody, type EngineRequest } from "../../http/types";
import { AwsError, invalidParameter, resourceConflict } from "../../errors/aws-error";
import { constraintError, parseFunctionRef } from "../../functions/arn";
import { lastModifiedNow, type FunctionsCore } from "../../functions/core";
import { maxItems, param } from "./params";
import {
  CodeSigningConfigStore,
  type CodeSigningConfigRow,
  type CodeSigningPolicy,
} from "../../signing/csc-store";

const CSC = "/2020-04-22/code-signing-configs";
const FUNCTION_CSC = "/2020-06-30/functions/:name/code-signing-config";
const ARN_PATTERN =
  /^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/;
const PROFILE_VERSION_ARN =
  /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/;

const cscNotFound = (arn: string) =>
  new AwsError(
    404,
    "CodeSigningConfigNotFoundException",
    `The code signing configuration ${arn} does not exist.`,
    "Message",
  );

const resourceNotFound = (arn: string) =>
  new AwsError(
    404,
    "ResourceNotFoundException",
    `The resource you requested does not exist. (${arn})`,
    "Message",
  );

/** csc- and 17 lower-case letters and digits, as Lambda's ids look. */
const newId = () =>
  "csc-" +
  Array.from(crypto.randomBytes(17), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join(
    "",
  );

function cscArn(core: FunctionsCore, id: string): string {
  return `${core.ctx.arnPrefix}code-signing-config:${id}`;
}

/** The configuration an ARN names, or the error the operation answers with. */
function configOf(
  core: FunctionsCore,
  store: CodeSigningConfigStore,
  arn: string,
  missing = resourceNotFound,
): CodeSigningConfigRow {
  if (!ARN_PATTERN.test(arn))
    throw constraintError(
      arn,
      "codeSigningConfigArn",
      `Member must satisfy regular expression pattern: ${ARN_PATTERN.source}`,
    );
  const c = arn.startsWith(core.ctx.arnPrefix) ? store.get(arn.split(":").pop() ?? "") : undefined;
  if (!c) throw missing(arn);
  return c;
}

function parsePublishers(v: unknown, required: boolean): string[] | undefined {
  if (v === undefined || v === null) {
    if (required) throw constraintError("null", "allowedPublishers", "Member must not be null");
    return undefined;
  }
  const arns = (v as { SigningProfileVersionArns?: unknown }).SigningProfileVersionArns;
  if (!Array.isArray(arns) || arns.length < 1 || arns.length > 20)
    throw constraintError(
      arns ?? "null",
      "allowedPublishers.signingProfileVersionArns",
      "Member must have length between 1 and 20",
    );
  for (const a of arns)
    if (typeof a !== "string" || !PROFILE_VERSION_ARN.test(a))
      throw constraintError(
        a,
        "allowedPublishers.signingProfileVersionArns",
        "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)",
      );
  return [...new Set(arns as string[])];
}

function parsePolicy(v: unknown): CodeSigningPolicy | undefined {
  if (v === undefined || v === null) return undefined;
  const p = (v as { UntrustedArtifactOnDeployment?: unknown }).UntrustedArtifactOnDeployment;
  if (p === undefined) return undefined;
  if (p !== "Warn" && p !== "Enforce")
    throw constraintError(
      p,
      "codeSigningPolicies.untrustedArtifactOnDeployment",
      "Member must satisfy enum value set: [Enforce, Warn]",
    );
  return p;
}

function parseDescription(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v.length > 256)
    throw constraintError(v, "description", "Member must have length less than or equal to 256");
  return v;
}

/** Marker paging over a sorted list of strings: the marker is the last item shown. */
function pageOf<T>(
  req: EngineRequest,
  items: T[],
  keyOf: (t: T) => string,
): { page: T[]; next?: string } {
  const marker = req.query.get("Marker");
  const start = marker ? items.findIndex((t) => keyOf(t) > marker) : 0;
  const from = start === -1 ? items.length : start;
  const max = maxItems(req);
  const page = items.slice(from, from + max);
  const last = page.at(-1);
  return { page, next: from + max < items.length && last ? keyOf(last) : undefined };
}

/** Code signing configurations and their attachment to functions (Lambda 2020-04-22 / 2020-06-30). */
export function registerCodeSigningConfigRoutes(
  router: Router,
  core: FunctionsCore,
): CodeSigningConfigStore {
  const store = new CodeSigningConfigStore(core.ctx.db);
  const shape = (c: CodeSigningConfigRow) => ({
    CodeSigningConfigId: c.id,
    CodeSigningConfigArn: cscArn(core, c.id),
    Description: c.description,
    AllowedPublishers: { SigningProfileVersionArns: c.profileVersionArns },
    CodeSigningPolicies: { UntrustedArtifactOnDeployment: c.policy },
    LastModified: c.lastModified,
  });
  const functionName = (req: EngineRequest) => {
    const ref = parseFunctionRef(param(req, "name"));
    if (ref.qualifier !== undefined)
      throw invalidParameter("Qualifiers are not supported for code signing configurations.");
    core.requireFunction(ref.name);
    return ref.name;
  };

  router.route("POST", CSC, (req) => {
    const body = parseJsonBody(req);
    const c: CodeSigningConfigRow = {
      id: newId(),
      description: parseDescription(body.Description) ?? "",
      profileVersionArns: parsePublishers(body.AllowedPublishers, true) ?? [],
      policy: parsePolicy(body.CodeSigningPolicies) ?? "Warn",
      lastModified: lastModifiedNow(),
    };
    store.put(c);
    return json(201, { CodeSigningConfig: shape(c) });
  });
  router.route("GET", CSC, (req) => {
    const { page, next } = pageOf(req, store.list(), (c) => c.id);
    return json(200, {
      CodeSigningConfigs: page.map(shape),
      ...(next ? { NextMarker: next } : {}),
    });
  });
  router.route("GET", `${CSC}/:arn`, (req) =>
    json(200, { CodeSigningConfig: shape(configOf(core, store, param(req, "arn"))) }),
  );
  router.route("PUT", `${CSC}/:arn`, (req) => {
    const c = configOf(core, store, param(req, "arn"));
    const body = parseJsonBody(req);
    const next: CodeSigningConfigRow = {
      ...c,
      description: parseDescription(body.Description) ?? c.description,
      profileVersionArns: parsePublishers(body.AllowedPublishers, false) ?? c.profileVersionArns,
      policy: parsePolicy(body.CodeSigningPolicies) ?? c.policy,
      lastModified: lastModifiedNow(),
    };
    store.put(next);
    return json(200, { CodeSigningConfig: shape(next) });
  });
  router.route("DELETE", `${CSC}/:arn`, (req) => {
    const c = configOf(core, store, param(req, "arn"));
    if (store.functionsUsing(c.id).length > 0)
      throw resourceConflict(
        "The code signing configuration cannot be deleted because it is used by one or more functions.",
      );
    store.delete(c.id);
    return empty(204);
  });
  router.route("GET", `${CSC}/:arn/functions`, (req) => {
    const c = configOf(core, store, param(req, "arn"));
    const { page, next } = pageOf(req, store.functionsUsing(c.id), (n) => n);
    return json(200, {
      FunctionArns: page.map((n) => core.arn(n)),
      ...(next ? { NextMarker: next } : {}),
    });
  });
  router.route("PUT", FUNCTION_CSC, (req) => {
    const name = functionName(req);
    const body = parseJsonBody(req);
    if (typeof body.CodeSigningConfigArn !== "string")
      throw constraintError("null", "codeSigningConfigArn", "Member must not be null");
    const c = configOf(core, store, body.CodeSigningConfigArn, cscNotFound);
    if (core.requireLatest(name).config.PackageType === "Image")
      throw invalidParameter("Code signing is not supported for functions with PackageType Image.");
    // Code already deployed keeps running: the configuration applies to the next deployment.
    store.attach(name, c.id);
    return json(200, { CodeSigningConfigArn: cscArn(core, c.id), FunctionName: name });
  });
  router.route("GET", FUNCTION_CSC, (req) => {
    const name = functionName(req);
    const id = store.forFunction(name);
    // Deploy tools read this on every plan: a function without one answers "", as Lambda does.
    return json(200, { CodeSigningConfigArn: id ? cscArn(core, id) : "", FunctionName: name });
  });
  router.route("DELETE", FUNCTION_CSC, (req) => {
    store.detach(functionName(req));
    return empty(204);
  });
  return store;
}
