/**
 * Which calls the audit trail records, and under which CloudTrail names. Derived from the IAM
 * action's verb ("lambda:CreateFunction" → write) so services added later are covered without
 * per-route code; the exceptions are listed explicitly below.
 */

export type CallKind =
  /** A management write event: recorded. */
  | "write"
  /** A read-only management event: not recorded (LookupEvents answers ReadOnly=true with none). */
  | "read"
  /** A CloudTrail data event (Invoke, object writes, log and metric ingestion): not recorded. */
  | "data";

const READ_VERBS = [
  "Get",
  "List",
  "Describe",
  "Lookup",
  "Head",
  "Filter",
  "Search",
  "Download",
  "Test",
  "Select",
  "Preview",
  "BatchGet",
];

const WRITE_VERBS = [
  "Create",
  "Update",
  "Delete",
  "Put",
  "Tag",
  "Untag",
  "Publish",
  "Add",
  "Remove",
  "Attach",
  "Detach",
  "Associate",
  "Disassociate",
  "Connect",
  "Disconnect",
  "Start",
  "Stop",
  "Reboot",
  "Modify",
  "Restore",
  "Register",
  "Deregister",
  "Enable",
  "Disable",
  "Set",
  "Reset",
  "Revoke",
  "Cancel",
  "Rotate",
  "Sign",
  "Copy",
  "Promote",
  "Failover",
  "Import",
  "Export",
  "Apply",
  "Authorize",
  "Upload",
  "Complete",
  "Abort",
  "Assign",
  "Unassign",
  "Replicate",
  "Backup",
  "Revert",
  "Switchover",
];

/** Calls whose verb says otherwise, or that CloudTrail logs as data events. */
const EXCEPTIONS: Record<string, CallKind> = {
  "lambda:InvokeFunction": "data",
  "lambda:InvokeAsync": "data",
  "lambda:InvokeWithResponseStream": "data",
  "logs:PutLogEvents": "data",
  "logs:StartLiveTail": "read",
  "logs:StartQuery": "read",
  "logs:StopQuery": "read",
  "cloudwatch:PutMetricData": "data",
  "secretsmanager:ValidateResourcePolicy": "read",
  "s3:PutObject": "data",
  "s3:CopyObject": "data",
  "s3:DeleteObject": "data",
  "s3:DeleteObjects": "data",
  "s3:PutObjectAcl": "data",
  "s3:PutObjectTagging": "data",
  "s3:DeleteObjectTagging": "data",
  "s3:PutObjectRetention": "data",
  "s3:PutObjectLegalHold": "data",
  "s3:RestoreObject": "data",
  "s3:CreateMultipartUpload": "data",
  "s3:UploadPart": "data",
  "s3:UploadPartCopy": "data",
  "s3:CompleteMultipartUpload": "data",
  "s3:AbortMultipartUpload": "data",
  // The console's status endpoint: no AWS action behind it.
  "lambda-console:GetEngineStatus": "read",
};

const verbOf = (name: string) => /^[A-Z][a-z]+/.exec(name)?.[0] ?? name;

/** The kind of an IAM action, or undefined when neither its verb nor the exceptions know it. */
export function classifyAction(action: string): CallKind | undefined {
  const exception = EXCEPTIONS[action];
  if (exception) return exception;
  const name = action.slice(action.indexOf(":") + 1);
  if (READ_VERBS.some((v) => name.startsWith(v) && !/^[a-z]/.test(name.slice(v.length))))
    return "read";
  return WRITE_VERBS.includes(verbOf(name)) ? "write" : undefined;
}

/** Recorded: writes, and (safe default) actions no rule knows yet. */
export const isRecorded = (action: string): boolean => {
  const kind = classifyAction(action);
  return kind === undefined || kind === "write";
};

/** IAM prefixes whose endpoint host differs from the prefix. */
const EVENT_SOURCES: Record<string, string> = {
  cloudwatch: "monitoring.amazonaws.com",
};

/** CloudTrail's eventSource: "lambda.amazonaws.com". */
export function eventSourceOf(action: string): string {
  const prefix = action.slice(0, action.indexOf(":"));
  return EVENT_SOURCES[prefix] ?? `${prefix}.amazonaws.com`;
}

/**
 * Lambda's events carry the API version their route has (and a "v2" where the API was revised),
 * as CloudTrail names them; the newer operations have plain names.
 */
const LAMBDA_EVENT_NAMES: Record<string, string> = {
  CreateFunction: "CreateFunction20150331",
  DeleteFunction: "DeleteFunction20150331",
  UpdateFunctionCode: "UpdateFunctionCode20150331v2",
  UpdateFunctionConfiguration: "UpdateFunctionConfiguration20150331v2",
  PublishVersion: "PublishVersion20150331",
  CreateAlias: "CreateAlias20150331",
  UpdateAlias: "UpdateAlias20150331",
  DeleteAlias: "DeleteAlias20150331",
  AddPermission: "AddPermission20150331v2",
  RemovePermission: "RemovePermission20150331v2",
  TagResource: "TagResource20170331v2",
  UntagResource: "UntagResource20170331v2",
  PutFunctionConcurrency: "PutFunctionConcurrency20171031",
  DeleteFunctionConcurrency: "DeleteFunctionConcurrency20171031",
  CreateEventSourceMapping: "CreateEventSourceMapping20150331",
  UpdateEventSourceMapping: "UpdateEventSourceMapping20150331",
  DeleteEventSourceMapping: "DeleteEventSourceMapping20150331",
  PublishLayerVersion: "PublishLayerVersion20181031",
  DeleteLayerVersion: "DeleteLayerVersion20181031",
  AddLayerVersionPermission: "AddLayerVersionPermission20181031",
  RemoveLayerVersionPermission: "RemoveLayerVersionPermission20181031",
};

/** CloudTrail's eventName of an action: "lambda:CreateFunction" → "CreateFunction20150331". */
export function eventNameOf(action: string): string {
  const name = action.slice(action.indexOf(":") + 1);
  return (action.startsWith("lambda:") ? LAMBDA_EVENT_NAMES[name] : undefined) ?? name;
}
