import {
  AwsError,
  preconditionFailed,
  resourceConflict,
  resourceNotFound,
} from "../errors/aws-error";
import { constraintError } from "../functions/arn";
import { newRevisionId } from "../functions/core";
import { optString } from "../functions/validate";
import { layerVersionArn } from "./layer-arn";
import type { LayerStatement } from "./layer-store";
import type { LayersService } from "./service";

const REVISION_MISMATCH =
  "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id";
const STATEMENT_ID_RE = /^[a-zA-Z0-9-_]+$/;
const PRINCIPAL_RE = /^(\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)$/;
const ORG_RE = /^o-[a-z0-9]{10,32}$/;
/** AWS's cap on a layer version's policy document. */
const MAX_POLICY_BYTES = 20_480;

const required = (field: string) => constraintError("null", field, "Member must not be null");

function policyDocument(statements: LayerStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });
}

function checkRevision(given: string | null | undefined, current: string): void {
  if (given !== undefined && given !== null && given !== current)
    throw preconditionFailed(REVISION_MISMATCH);
}

/** AddLayerVersionPermission: one statement granting lambda:GetLayerVersion to a principal. */
export function addLayerVersionPermission(
  svc: LayersService,
  arnPrefix: string,
  rawName: string,
  rawVersion: string,
  body: Record<string, unknown>,
  revision: string | null,
): { Statement: string; RevisionId: string } {
  const sid = optString(body, "StatementId");
  const action = optString(body, "Action");
  const principal = optString(body, "Principal");
  const org = optString(body, "OrganizationId");
  if (sid === undefined) throw required("statementId");
  if (action === undefined) throw required("action");
  if (principal === undefined) throw required("principal");
  if (sid.length > 100 || !STATEMENT_ID_RE.test(sid))
    throw constraintError(
      sid,
      "statementId",
      "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    );
  if (action !== "lambda:GetLayerVersion")
    throw constraintError(
      action,
      "action",
      "Member must satisfy regular expression pattern: lambda:GetLayerVersion",
    );
  if (!PRINCIPAL_RE.test(principal))
    throw constraintError(
      principal,
      "principal",
      "Member must satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root",
    );
  if (org !== undefined && !ORG_RE.test(org))
    throw constraintError(
      org,
      "organizationId",
      "Member must satisfy regular expression pattern: o-[a-z0-9]{10,32}",
    );
  const row = svc.get(rawName, rawVersion);
  checkRevision(revision, row.revisionId);
  if (row.policy.some((s) => s.Sid === sid))
    throw resourceConflict(
      `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  const statement: LayerStatement = {
    Sid: sid,
    Effect: "Allow",
    Principal: /^\d{12}$/.test(principal) ? { AWS: `arn:aws:iam::${principal}:root` } : principal,
    Action: action,
    Resource: layerVersionArn(arnPrefix, row.layerName, row.version),
    ...(org !== undefined ? { Condition: { StringEquals: { "aws:PrincipalOrgID": org } } } : {}),
  };
  const policy = [...row.policy, statement];
  if (policyDocument(policy).length > MAX_POLICY_BYTES)
    throw new AwsError(
      400,
      "PolicyLengthExceededException",
      "The final policy size is bigger than the limit.",
      "message",
    );
  const revisionId = newRevisionId();
  svc.store.setPolicy(row.layerName, row.version, policy, revisionId);
  return { Statement: JSON.stringify(statement), RevisionId: revisionId };
}

export function removeLayerVersionPermission(
  svc: LayersService,
  rawName: string,
  rawVersion: string,
  sid: string,
  revision: string | null,
): void {
  const row = svc.get(rawName, rawVersion);
  checkRevision(revision, row.revisionId);
  if (!row.policy.some((s) => s.Sid === sid))
    throw resourceNotFound(`Statement ${sid} is not found in resource policy.`);
  svc.store.setPolicy(
    row.layerName,
    row.version,
    row.policy.filter((s) => s.Sid !== sid),
    newRevisionId(),
  );
}

export function getLayerVersionPolicy(
  svc: LayersService,
  rawName: string,
  rawVersion: string,
): { Policy: string; RevisionId: string } {
  const row = svc.get(rawName, rawVersion);
  if (row.policy.length === 0)
    throw resourceNotFound("No policy is associated with the given resource.");
  return { Policy: policyDocument(row.policy), RevisionId: row.revisionId };
}
