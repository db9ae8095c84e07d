import crypto from "node:crypto";
import { assumedRoleArn } from "../http/authorize";
import type { DispatchedCall } from "../http/router";
import type { Principal } from "../http/types";
import { eventNameOf, eventSourceOf } from "./classify";
import {
  errorOf,
  requestParameters,
  resourcesOf,
  responseElements,
  type EventResource,
} from "./parameters";

/** One recorded call: the columns LookupEvents filters on plus the CloudTrail record itself. */
export interface AuditEvent {
  eventId: string;
  /** Epoch ms. */
  eventTime: number;
  eventSource: string;
  eventName: string;
  username: string;
  principalArn: string;
  accessKeyId: string;
  errorCode: string | null;
  resources: EventResource[];
  /** The CloudTrail event document (LookupEvents' CloudTrailEvent is its JSON). */
  record: Record<string, unknown>;
}

export interface Account {
  accountId: string;
  region: string;
}

/** CloudTrail's userIdentity and the Username LookupEvents shows for it. */
function identityOf(
  principal: Principal,
  account: Account,
): { userIdentity: Record<string, unknown>; username: string; arn: string } {
  if (principal.kind === "engine") {
    // The engine's key can do everything in its account: CloudTrail's root identity.
    const arn = `arn:aws:iam::${account.accountId}:root`;
    return {
      userIdentity: {
        type: "Root",
        principalId: account.accountId,
        arn,
        accountId: account.accountId,
        accessKeyId: principal.accessKeyId,
      },
      username: "root",
      arn,
    };
  }
  const { scope } = principal;
  const arn = assumedRoleArn(scope);
  const roleAccount = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):/.exec(scope.roleArn)?.[1];
  const roleName = /\/([^/]+)$/.exec(scope.roleArn)?.[1] ?? scope.roleArn;
  const roleId =
    "AROA" +
    crypto.createHash("sha256").update(scope.roleArn).digest("hex").slice(0, 17).toUpperCase();
  return {
    userIdentity: {
      type: "AssumedRole",
      principalId: `${roleId}:${scope.functionName}`,
      arn,
      accountId: roleAccount ?? account.accountId,
      accessKeyId: principal.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: roleId,
          arn: scope.roleArn,
          accountId: roleAccount ?? account.accountId,
          userName: roleName,
        },
        attributes: { mfaAuthenticated: "false" },
      },
    },
    // CloudTrail's Username of an assumed role is its session name: the function's.
    username: scope.functionName,
    arn,
  };
}

const header = (call: DispatchedCall, name: string): string | undefined => {
  const v = call.request.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
};

/** The CloudTrail event of an answered call; undefined without a principal (in-process calls). */
export function buildEvent(
  call: DispatchedCall,
  account: Account,
  now: number,
): AuditEvent | undefined {
  const { principal } = call.request;
  if (!principal) return undefined;
  const { userIdentity, username, arn } = identityOf(principal, account);
  const eventSource = eventSourceOf(call.operation.action);
  const eventName = eventNameOf(call.operation.action);
  const eventId = crypto.randomUUID();
  const params = requestParameters(call.operation, call.request);
  const error = errorOf(call.response);
  const record: Record<string, unknown> = {
    eventVersion: "1.09",
    userIdentity,
    eventTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: account.region,
    sourceIPAddress: call.request.sourceIp ?? "AWS Internal",
    userAgent: header(call, "user-agent") ?? "",
    ...(error ?? {}),
    requestParameters: params,
    responseElements: error ? null : responseElements(call.response),
    // What the handler noted on the request (a code signing warning under Warn, say).
    ...(Object.keys(call.notes ?? {}).length > 0 ? { additionalEventData: call.notes } : {}),
    requestID: call.requestId,
    eventID: eventId,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account.accountId,
    eventCategory: "Management",
  };
  return {
    eventId,
    eventTime: now,
    eventSource,
    eventName,
    username,
    principalArn: arn,
    accessKeyId: principal.accessKeyId,
    errorCode: error?.errorCode ?? null,
    resources: resourcesOf(params, eventSource),
    record,
  };
}
