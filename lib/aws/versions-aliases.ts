import "server-only";
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  paginateListAliases,
  paginateListVersionsByFunction,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { toFunctionDetail, type FunctionDetail } from "./function-detail";

export interface AliasInfo {
  name: string;
  arn: string;
  functionVersion: string;
  description: string;
  /** Extra version → weight (0..1) of weighted routing. */
  additionalWeights: Record<string, number>;
  revisionId: string;
}

export async function listVersions(target: Target, name: string): Promise<FunctionDetail[]> {
  const out: FunctionDetail[] = [];
  const client = getLambdaClient(target);
  for await (const page of paginateListVersionsByFunction({ client }, { FunctionName: name })) {
    for (const v of page.Versions ?? []) out.push(toFunctionDetail(v));
  }
  return out;
}

export async function listAliases(target: Target, name: string): Promise<AliasInfo[]> {
  const out: AliasInfo[] = [];
  const client = getLambdaClient(target);
  for await (const page of paginateListAliases({ client }, { FunctionName: name })) {
    for (const a of page.Aliases ?? []) {
      out.push({
        name: a.Name ?? "",
        arn: a.AliasArn ?? "",
        functionVersion: a.FunctionVersion ?? "",
        description: a.Description ?? "",
        additionalWeights: a.RoutingConfig?.AdditionalVersionWeights ?? {},
        revisionId: a.RevisionId ?? "",
      });
    }
  }
  return out;
}

export async function publishVersion(
  target: Target,
  name: string,
  description: string,
): Promise<string> {
  const out = await getLambdaClient(target).send(
    new PublishVersionCommand({ FunctionName: name, Description: description }),
  );
  return out.Version ?? "";
}

export interface AliasInput {
  functionName: string;
  alias: string;
  functionVersion: string;
  description: string;
  /** A second version and its weight (0..1), or none. */
  extraVersion?: string;
  extraWeight?: number;
}

export async function saveAlias(target: Target, input: AliasInput, create: boolean): Promise<void> {
  const routing =
    input.extraVersion && input.extraWeight !== undefined
      ? { AdditionalVersionWeights: { [input.extraVersion]: input.extraWeight } }
      : { AdditionalVersionWeights: {} };
  const common = {
    FunctionName: input.functionName,
    Name: input.alias,
    FunctionVersion: input.functionVersion,
    Description: input.description,
    RoutingConfig: routing,
  };
  const client = getLambdaClient(target);
  if (create) await client.send(new CreateAliasCommand(common));
  else await client.send(new UpdateAliasCommand(common));
}

export async function deleteAlias(
  target: Target,
  functionName: string,
  alias: string,
): Promise<void> {
  await getLambdaClient(target).send(
    new DeleteAliasCommand({ FunctionName: functionName, Name: alias }),
  );
}
