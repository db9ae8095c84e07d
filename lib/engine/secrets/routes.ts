import type { Router } from "../http/router";
import { protocolError } from "../http/operations";
import { json, type EngineRequest, type EngineResponse } from "../http/types";
import { SecretsError, SecretStore, type SecretRow } from "./store";

/** JSON body fields; a malformed body is Secrets Manager's own error. */
function body(req: EngineRequest): Record<string, unknown> {
  try {
    const v: unknown = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* falls through */
  }
  throw new SecretsError("InvalidRequestException", "The request body is not valid JSON.");
}

const str = (b: Record<string, unknown>, k: string) => {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string")
    throw new SecretsError("InvalidParameterException", `${k} must be a string.`);
  return v;
};
const required = (b: Record<string, unknown>, k: string) => {
  const v = str(b, k);
  if (v === undefined || v === "")
    throw new SecretsError(
      "InvalidParameterException",
      `You must provide a value for the ${k} parameter.`,
    );
  return v;
};
const seconds = (ms: number | null) => (ms === null ? undefined : ms / 1000);

function value(b: Record<string, unknown>): { string?: string; binary?: Buffer } {
  const s = str(b, "SecretString");
  const bin = str(b, "SecretBinary");
  if (s !== undefined && bin !== undefined)
    throw new SecretsError(
      "InvalidParameterException",
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  if (s !== undefined && s.length > 65_536)
    throw new SecretsError(
      "InvalidParameterException",
      "The SecretString is larger than 65536 bytes.",
    );
  return { string: s, binary: bin === undefined ? undefined : Buffer.from(bin, "base64") };
}

function stagesOf(store: SecretStore, arn: string): Record<string, string[]> {
  return Object.fromEntries(
    store.versions(arn).map((v) => [v.version_id, JSON.parse(v.stages) as string[]]),
  );
}

function describe(
  store: SecretStore,
  s: SecretRow,
  key: "VersionIdsToStages" | "SecretVersionsToStages",
) {
  return {
    ARN: s.arn,
    Name: s.name,
    Description: s.description ?? undefined,
    KmsKeyId: s.kms_key_id ?? undefined,
    LastChangedDate: seconds(s.changed_at),
    LastAccessedDate:
      s.accessed_at === null ? undefined : Math.floor(s.accessed_at / 86_400_000) * 86_400,
    DeletedDate: seconds(s.deleted_at),
    Tags: s.tags ? (JSON.parse(s.tags) as unknown) : undefined,
    [key]: stagesOf(store, s.arn),
    CreatedDate: seconds(s.created_at),
    OwningService: s.owning_service ?? undefined,
  };
}

const ok = (v: unknown) => json(200, v, { "content-type": "application/x-amz-json-1.1" });

/** Secrets Manager (awsJson1.1, `secretsmanager.<Operation>`): the subset RDS Proxy's credentials need. */
export function registerSecretsRoutes(router: Router, store: SecretStore): void {
  const handlers: Record<string, (b: Record<string, unknown>) => EngineResponse> = {
    CreateSecret(b) {
      const name = required(b, "Name");
      if (!/^[A-Za-z0-9/_+=.@!-]{1,512}$/.test(name))
        throw new SecretsError(
          "InvalidParameterException",
          "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
        );
      const tags = Array.isArray(b.Tags) ? (b.Tags as { Key: string; Value: string }[]) : undefined;
      const r = store.create({
        name,
        value: value(b),
        description: str(b, "Description"),
        kmsKeyId: str(b, "KmsKeyId"),
        tags,
        versionId: str(b, "ClientRequestToken"),
      });
      return ok({ ARN: r.arn, Name: name, VersionId: r.versionId });
    },
    GetSecretValue(b) {
      const { secret, version } = store.getValue(
        required(b, "SecretId"),
        str(b, "VersionId"),
        str(b, "VersionStage"),
      );
      return ok({
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.version_id,
        SecretString: version.secret_string ?? undefined,
        SecretBinary: version.secret_binary ? version.secret_binary.toString("base64") : undefined,
        VersionStages: JSON.parse(version.stages) as string[],
        CreatedDate: seconds(version.created_at),
      });
    },
    PutSecretValue(b) {
      const v = value(b);
      if (v.string === undefined && v.binary === undefined)
        throw new SecretsError(
          "InvalidRequestException",
          "You must provide either SecretString or SecretBinary.",
        );
      const stages = Array.isArray(b.VersionStages) ? (b.VersionStages as string[]) : undefined;
      const r = store.put(required(b, "SecretId"), v, str(b, "ClientRequestToken"), stages);
      return ok({
        ARN: r.secret.arn,
        Name: r.secret.name,
        VersionId: r.versionId,
        VersionStages: r.stages,
      });
    },
    DescribeSecret(b) {
      const s = store.find(required(b, "SecretId"), { includeDeleted: true });
      return ok(describe(store, s, "VersionIdsToStages"));
    },
    ListSecrets(b) {
      const max = typeof b.MaxResults === "number" ? b.MaxResults : 100;
      const start = Number(str(b, "NextToken") ?? "0") || 0;
      const filters = Array.isArray(b.Filters)
        ? (b.Filters as { Key?: string; Values?: string[] }[])
        : [];
      const all = store
        .list()
        .filter((s) => b.IncludePlannedDeletion === true || s.deleted_at === null)
        .filter((s) =>
          filters.every(
            (f) => f.Key !== "name" || (f.Values ?? []).some((v) => s.name.startsWith(v)),
          ),
        );
      const page = all.slice(start, start + max);
      return ok({
        SecretList: page.map((s) => describe(store, s, "SecretVersionsToStages")),
        NextToken: start + max < all.length ? String(start + max) : undefined,
      });
    },
    DeleteSecret(b) {
      const force = b.ForceDeleteWithoutRecovery === true;
      const window =
        typeof b.RecoveryWindowInDays === "number" ? b.RecoveryWindowInDays : undefined;
      if (force && window !== undefined)
        throw new SecretsError(
          "InvalidParameterException",
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        );
      if (window !== undefined && (window < 7 || window > 30))
        throw new SecretsError(
          "InvalidParameterException",
          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
        );
      const r = store.delete(required(b, "SecretId"), force, window ?? 30);
      return ok({ ARN: r.secret.arn, Name: r.secret.name, DeletionDate: r.deletionDate / 1000 });
    },
  };
  for (const [op, handler] of Object.entries(handlers)) {
    router.target(`secretsmanager.${op}`, (req) => {
      try {
        return handler(body(req));
      } catch (err) {
        if (err instanceof SecretsError)
          return protocolError("awsJson1.1", 400, err.type, err.message, "message");
        throw err;
      }
    });
  }
}
