import "server-only";
import crypto from "node:crypto";
import yauzl from "yauzl";
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  paginateListLayers,
  paginateListLayerVersions,
  waitUntilFunctionUpdatedV2,
  type Architecture,
  type LayerVersionsListItem,
  type Runtime,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { downloadCode } from "./function-detail";
import { AwsFailure } from "./errors";

/** One layer version as the console shows it. */
export interface LayerVersionInfo {
  arn: string;
  version: number;
  description: string;
  createdDate: string;
  compatibleRuntimes: string[];
  compatibleArchitectures: string[];
  licenseInfo?: string;
}

export interface LayerSummary {
  name: string;
  arn: string;
  latest: LayerVersionInfo;
}

export interface LayerStatementInfo {
  sid: string;
  principal: string;
  organizationId?: string;
}

/** A function (or published version) that references a layer version. */
export interface LayerUser {
  functionName: string;
  version: string;
}

function toVersion(v: LayerVersionsListItem): LayerVersionInfo {
  return {
    arn: v.LayerVersionArn ?? "",
    version: v.Version ?? 0,
    description: v.Description ?? "",
    createdDate: v.CreatedDate ?? "",
    compatibleRuntimes: v.CompatibleRuntimes ?? [],
    compatibleArchitectures: v.CompatibleArchitectures ?? [],
    ...(v.LicenseInfo !== undefined ? { licenseInfo: v.LicenseInfo } : {}),
  };
}

/** ListLayers (every page): each layer with its newest version. */
export async function listLayers(target: Target): Promise<LayerSummary[]> {
  const out: LayerSummary[] = [];
  for await (const page of paginateListLayers({ client: getLambdaClient(target) }, {})) {
    for (const l of page.Layers ?? []) {
      if (!l.LatestMatchingVersion) continue;
      out.push({
        name: l.LayerName ?? "",
        arn: l.LayerArn ?? "",
        latest: toVersion(l.LatestMatchingVersion),
      });
    }
  }
  return out;
}

/** ListLayerVersions (every page), newest first. */
export async function listLayerVersions(target: Target, name: string): Promise<LayerVersionInfo[]> {
  const out: LayerVersionInfo[] = [];
  for await (const page of paginateListLayerVersions(
    { client: getLambdaClient(target) },
    { LayerName: name },
  ))
    out.push(...(page.LayerVersions ?? []).map(toVersion));
  return out;
}

/** The statements of a version's policy; none when it has no policy. */
export async function getLayerPolicy(
  target: Target,
  name: string,
  version: number,
): Promise<{ statements: LayerStatementInfo[]; revisionId?: string }> {
  try {
    const r = await getLambdaClient(target).send(
      new GetLayerVersionPolicyCommand({ LayerName: name, VersionNumber: version }),
    );
    const doc = JSON.parse(r.Policy ?? "{}") as {
      Statement?: {
        Sid?: string;
        Principal?: string | { AWS?: string };
        Condition?: { StringEquals?: Record<string, string> };
      }[];
    };
    return {
      statements: (doc.Statement ?? []).map((s) => {
        const p = typeof s.Principal === "string" ? s.Principal : (s.Principal?.AWS ?? "");
        const org = s.Condition?.StringEquals?.["aws:PrincipalOrgID"];
        return {
          sid: s.Sid ?? "",
          principal: p.replace(/^arn:aws[a-zA-Z-]*:iam::(\d{12}):root$/, "$1"),
          ...(org ? { organizationId: org } : {}),
        };
      }),
      ...(r.RevisionId ? { revisionId: r.RevisionId } : {}),
    };
  } catch (err) {
    if (err instanceof AwsFailure && err.kind === "NotFound") return { statements: [] };
    throw err;
  }
}

export interface PublishLayerInput {
  name: string;
  description: string;
  zip: Uint8Array;
  compatibleRuntimes: string[];
  compatibleArchitectures: string[];
  licenseInfo: string;
}

export async function publishLayerVersion(
  target: Target,
  input: PublishLayerInput,
): Promise<LayerVersionInfo> {
  const r = await getLambdaClient(target).send(
    new PublishLayerVersionCommand({
      LayerName: input.name,
      Description: input.description || undefined,
      Content: { ZipFile: input.zip },
      CompatibleRuntimes: input.compatibleRuntimes.length
        ? (input.compatibleRuntimes as Runtime[])
        : undefined,
      CompatibleArchitectures: input.compatibleArchitectures.length
        ? (input.compatibleArchitectures as Architecture[])
        : undefined,
      LicenseInfo: input.licenseInfo || undefined,
    }),
  );
  return toVersion(r);
}

export async function deleteLayerVersion(
  target: Target,
  name: string,
  version: number,
): Promise<void> {
  await getLambdaClient(target).send(
    new DeleteLayerVersionCommand({ LayerName: name, VersionNumber: version }),
  );
}

export async function addLayerPermission(
  target: Target,
  input: {
    name: string;
    version: number;
    statementId: string;
    principal: string;
    organizationId?: string;
  },
): Promise<void> {
  await getLambdaClient(target).send(
    new AddLayerVersionPermissionCommand({
      LayerName: input.name,
      VersionNumber: input.version,
      StatementId: input.statementId,
      Action: "lambda:GetLayerVersion",
      Principal: input.principal,
      OrganizationId: input.organizationId || undefined,
    }),
  );
}

export async function removeLayerPermission(
  target: Target,
  input: { name: string; version: number; statementId: string },
): Promise<void> {
  await getLambdaClient(target).send(
    new RemoveLayerVersionPermissionCommand({
      LayerName: input.name,
      VersionNumber: input.version,
      StatementId: input.statementId,
    }),
  );
}

/** Which functions and published versions use each layer version ARN (ListFunctions, ALL). */
export async function layerUsage(target: Target): Promise<Map<string, LayerUser[]>> {
  const usage = new Map<string, LayerUser[]>();
  for await (const page of paginateListFunctions(
    { client: getLambdaClient(target) },
    { FunctionVersion: "ALL" },
  )) {
    for (const f of page.Functions ?? []) {
      for (const l of f.Layers ?? []) {
        const users = usage.get(l.Arn ?? "") ?? [];
        users.push({ functionName: f.FunctionName ?? "", version: f.Version ?? "$LATEST" });
        usage.set(l.Arn ?? "", users);
      }
    }
  }
  return usage;
}

/** A function's layers in order, as GetFunctionConfiguration returns them. */
export async function getFunctionLayers(
  target: Target,
  functionName: string,
): Promise<{ arn: string; codeSize: number }[]> {
  const c = await getLambdaClient(target).send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  return (c.Layers ?? []).map((l) => ({ arn: l.Arn ?? "", codeSize: l.CodeSize ?? 0 }));
}

/** UpdateFunctionConfiguration with Layers (in order), then waits for the update to settle. */
export async function setFunctionLayers(
  target: Target,
  functionName: string,
  arns: string[],
): Promise<void> {
  const client = getLambdaClient(target);
  await client.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Layers: arns }),
  );
  await waitUntilFunctionUpdatedV2(
    { client, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: functionName },
  );
}

/** One path of the merged /opt: which layer (index in the function's list) it comes from. */
export interface OptEntry {
  path: string;
  size: number;
  layer: number;
}

function zipEntries(zip: Uint8Array): Promise<{ path: string; size: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(zip), { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      const out: { path: string; size: number }[] = [];
      file.on("error", reject);
      file.on("end", () => resolve(out));
      file.on("entry", (e: yauzl.Entry) => {
        if (!e.fileName.endsWith("/")) out.push({ path: e.fileName, size: e.uncompressedSize });
        file.readEntry();
      });
      file.readEntry();
    });
  });
}

/** The files of /opt as the function sees them: layers in order, a later one's path wins. */
export async function mergedOptListing(target: Target, arns: string[]): Promise<OptEntry[]> {
  const merged = new Map<string, OptEntry>();
  for (const [i, arn] of arns.entries()) {
    const v = await getLambdaClient(target).send(new GetLayerVersionByArnCommand({ Arn: arn }));
    const location = v.Content?.Location;
    if (!location)
      throw new AwsFailure("Unavailable", `${arn} has no download location.`, "NoLocation");
    for (const e of await zipEntries(await downloadCode(target, location)))
      merged.set(e.path, { ...e, layer: i });
  }
  return [...merged.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * A blueprint's layer: its newest version when that holds exactly this zip (blueprint zips are
 * byte-stable), else a newly published one. Returns the version ARN.
 */
export async function ensureLayerVersion(
  target: Target,
  layer: { name: string; description: string; compatibleRuntimes: string[]; licenseInfo?: string },
  zip: Uint8Array,
): Promise<string> {
  const sha = crypto.createHash("sha256").update(zip).digest("base64");
  const [latest] = await listLayerVersions(target, layer.name);
  if (latest) {
    const v = await getLambdaClient(target).send(
      new GetLayerVersionCommand({ LayerName: layer.name, VersionNumber: latest.version }),
    );
    if (v.Content?.CodeSha256 === sha) return latest.arn;
  }
  const published = await publishLayerVersion(target, {
    name: layer.name,
    description: layer.description,
    zip,
    compatibleRuntimes: layer.compatibleRuntimes,
    compatibleArchitectures: [],
    licenseInfo: layer.licenseInfo ?? "",
  });
  return published.arn;
}
