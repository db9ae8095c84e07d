import "server-only";
import {
  CreateCodeSigningConfigCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionConfigurationCommand,
  ListCodeSigningConfigsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
  GetCodeSigningConfigCommand,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { describeSigningJob } from "./signing-profiles";

export type CodeSigningPolicy = "Warn" | "Enforce";

export interface CodeSigningConfigInfo {
  arn: string;
  id: string;
  description: string;
  allowedPublishers: string[];
  policy: CodeSigningPolicy;
  lastModified: string;
  /** Names of the functions that use it. */
  functions: string[];
}

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf(":function:") + 10).split(":")[0] ?? arn;

/** Every code signing configuration with the functions that use it. */
export async function listCodeSigningConfigs(target: Target): Promise<CodeSigningConfigInfo[]> {
  const lambda = getLambdaClient(target);
  const out = await lambda.send(new ListCodeSigningConfigsCommand({}));
  return Promise.all(
    (out.CodeSigningConfigs ?? []).map(async (c) => {
      const arn = c.CodeSigningConfigArn ?? "";
      const users = await lambda.send(
        new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }),
      );
      return {
        arn,
        id: c.CodeSigningConfigId ?? "",
        description: c.Description ?? "",
        allowedPublishers: c.AllowedPublishers?.SigningProfileVersionArns ?? [],
        policy: (c.CodeSigningPolicies?.UntrustedArtifactOnDeployment ??
          "Warn") as CodeSigningPolicy,
        lastModified: c.LastModified ?? "",
        functions: (users.FunctionArns ?? []).map(nameOf),
      };
    }),
  );
}

export async function createCodeSigningConfig(
  target: Target,
  input: { description: string; allowedPublishers: string[]; policy: CodeSigningPolicy },
): Promise<string> {
  const out = await getLambdaClient(target).send(
    new CreateCodeSigningConfigCommand({
      Description: input.description,
      AllowedPublishers: { SigningProfileVersionArns: input.allowedPublishers },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: input.policy },
    }),
  );
  return out.CodeSigningConfig?.CodeSigningConfigArn ?? "";
}

export async function updateCodeSigningConfig(
  target: Target,
  arn: string,
  input: { description: string; allowedPublishers: string[]; policy: CodeSigningPolicy },
): Promise<void> {
  await getLambdaClient(target).send(
    new UpdateCodeSigningConfigCommand({
      CodeSigningConfigArn: arn,
      Description: input.description,
      AllowedPublishers: { SigningProfileVersionArns: input.allowedPublishers },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: input.policy },
    }),
  );
}

export async function deleteCodeSigningConfig(target: Target, arn: string): Promise<void> {
  await getLambdaClient(target).send(
    new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn }),
  );
}

/** The function's configuration ARN, or undefined when it has none. */
export async function getFunctionCodeSigningConfig(
  target: Target,
  functionName: string,
): Promise<string | undefined> {
  const out = await getLambdaClient(target).send(
    new GetFunctionCodeSigningConfigCommand({ FunctionName: functionName }),
  );
  return out.CodeSigningConfigArn || undefined;
}

export async function putFunctionCodeSigningConfig(
  target: Target,
  functionName: string,
  arn: string,
): Promise<void> {
  await getLambdaClient(target).send(
    new PutFunctionCodeSigningConfigCommand({
      FunctionName: functionName,
      CodeSigningConfigArn: arn,
    }),
  );
}

export async function deleteFunctionCodeSigningConfig(
  target: Target,
  functionName: string,
): Promise<void> {
  await getLambdaClient(target).send(
    new DeleteFunctionCodeSigningConfigCommand({ FunctionName: functionName }),
  );
}

/** What the function page's badge shows about the deployed package's signature. */
export type SignatureStatus =
  | { kind: "none" }
  | { kind: "unsigned"; policy: CodeSigningPolicy }
  | {
      kind: "signed";
      policy?: CodeSigningPolicy;
      profileVersionArn: string;
      profileName: string;
      profileVersion: string;
      expiresAt?: string;
      /** Why the signature is no longer trusted (revoked, expired, not allowed), if it is not. */
      warning?: string;
    };

export async function getSignatureStatus(
  target: Target,
  functionName: string,
): Promise<SignatureStatus> {
  const lambda = getLambdaClient(target);
  const [cscArn, config] = await Promise.all([
    getFunctionCodeSigningConfig(target, functionName),
    lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
  ]);
  const csc = cscArn
    ? (await lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn })))
        .CodeSigningConfig
    : undefined;
  const policy = csc?.CodeSigningPolicies?.UntrustedArtifactOnDeployment as
    CodeSigningPolicy | undefined;
  const pvArn = config.SigningProfileVersionArn;
  if (!pvArn) return policy ? { kind: "unsigned", policy } : { kind: "none" };
  const [, profileName = "", profileVersion = ""] =
    /\/signing-profiles\/([^/]+)\/([^/]+)$/.exec(pvArn) ?? [];
  const jobId = config.SigningJobArn?.split("/").pop();
  const job = jobId ? await describeSigningJob(target, jobId).catch(() => undefined) : undefined;
  const allowed = csc?.AllowedPublishers?.SigningProfileVersionArns ?? [];
  const warning = job?.revoked
    ? "The signature was revoked."
    : job?.expiresAt && Date.parse(job.expiresAt) < Date.now()
      ? "The signature has expired."
      : csc && !allowed.includes(pvArn)
        ? "The signing profile is not an allowed publisher of the configuration."
        : undefined;
  return {
    kind: "signed",
    ...(policy ? { policy } : {}),
    profileVersionArn: pvArn,
    profileName,
    profileVersion,
    ...(job?.expiresAt ? { expiresAt: job.expiresAt } : {}),
    ...(warning ? { warning } : {}),
  };
}
