import crypto from "node:crypto";
import type { Db } from "../store/db";

/** An error Secrets Manager sends (awsJson1.1: `__type` and `message`, status 400). */
export class SecretsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = () =>
  new SecretsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
const markedForDeletion = () =>
  new SecretsError(
    "InvalidRequestException",
    "You can't perform this operation on the secret because it was marked for deletion.",
  );

export interface SecretRow {
  arn: string;
  name: string;
  description: string | null;
  kms_key_id: string | null;
  tags: string | null;
  created_at: number;
  changed_at: number;
  accessed_at: number | null;
  deleted_at: number | null;
  owning_service: string | null;
}

export interface VersionRow {
  secret_arn: string;
  version_id: string;
  secret_string: string | null;
  secret_binary: Buffer | null;
  stages: string;
  created_at: number;
}

export interface SecretValue {
  string?: string;
  binary?: Buffer;
}

type Listener = (arn: string) => void;

/** Secrets and their versions in SQLite, with AWSCURRENT / AWSPREVIOUS moved as AWS moves them. */
export class SecretStore {
  private readonly listeners = new Set<Listener>();
  constructor(
    private readonly db: Db,
    private readonly arnPrefix: string,
  ) {}

  /** Called after a secret's current value changes (proxies rewrite their auth files). */
  onChange(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A secret by name or ARN (a partial ARN without the 6-character suffix too). */
  find(id: string, opts: { includeDeleted?: boolean } = {}): SecretRow {
    const row = this.db
      .prepare(
        "SELECT * FROM secrets WHERE arn = ? OR name = ? OR (? LIKE 'arn:%' AND arn LIKE ? || '-______')",
      )
      .get(id, id, id, id) as SecretRow | undefined;
    if (!row) throw notFound();
    if (row.deleted_at !== null && !opts.includeDeleted) throw markedForDeletion();
    return row;
  }

  create(input: {
    name: string;
    value: SecretValue;
    description?: string;
    kmsKeyId?: string;
    tags?: { Key: string; Value: string }[];
    versionId?: string;
    owningService?: string;
  }): { arn: string; versionId?: string } {
    const existing = this.db.prepare("SELECT * FROM secrets WHERE name = ?").get(input.name) as
      SecretRow | undefined;
    if (existing?.deleted_at != null)
      throw new SecretsError(
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      );
    if (existing)
      throw new SecretsError(
        "ResourceExistsException",
        `The operation failed because the secret ${input.name} already exists.`,
      );
    const suffix = crypto.randomBytes(6).toString("base64url").replace(/[-_]/g, "x").slice(0, 6);
    const arn = `${this.arnPrefix.replace(":lambda:", ":secretsmanager:")}secret:${input.name}-${suffix}`;
    const now = Date.now();
    const hasValue = input.value.string !== undefined || input.value.binary !== undefined;
    const versionId = hasValue ? (input.versionId ?? crypto.randomUUID()) : undefined;
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO secrets (arn, name, description, kms_key_id, tags, created_at, changed_at, owning_service) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          arn,
          input.name,
          input.description ?? null,
          input.kmsKeyId ?? null,
          input.tags ? JSON.stringify(input.tags) : null,
          now,
          now,
          input.owningService ?? null,
        );
      if (versionId) this.insertVersion(arn, versionId, input.value, ["AWSCURRENT"], now);
    })();
    return { arn, versionId };
  }

  private insertVersion(
    arn: string,
    versionId: string,
    v: SecretValue,
    stages: string[],
    now: number,
  ) {
    this.db
      .prepare(
        "INSERT INTO secret_versions (secret_arn, version_id, secret_string, secret_binary, stages, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(arn, versionId, v.string ?? null, v.binary ?? null, JSON.stringify(stages), now);
  }

  versions(arn: string): VersionRow[] {
    return this.db
      .prepare("SELECT * FROM secret_versions WHERE secret_arn = ? ORDER BY created_at")
      .all(arn) as VersionRow[];
  }

  /** The version by id or stage (AWSCURRENT when neither is given). */
  getValue(
    id: string,
    versionId?: string,
    stage?: string,
  ): { secret: SecretRow; version: VersionRow } {
    const secret = this.find(id);
    const wanted = stage ?? (versionId ? undefined : "AWSCURRENT");
    const version = this.versions(secret.arn).find(
      (v) =>
        (versionId === undefined || v.version_id === versionId) &&
        (wanted === undefined || (JSON.parse(v.stages) as string[]).includes(wanted)),
    );
    if (!version)
      throw new SecretsError(
        "ResourceNotFoundException",
        `Secrets Manager can't find the specified secret value for ${versionId ? `VersionId: ${versionId}` : `staging label: ${wanted}`}`,
      );
    this.db.prepare("UPDATE secrets SET accessed_at = ? WHERE arn = ?").run(Date.now(), secret.arn);
    return { secret, version };
  }

  /** The current SecretString as JSON (RDS's {"username","password"}), or undefined. */
  currentJson(id: string): Record<string, unknown> | undefined {
    try {
      const { version } = this.getValue(id);
      const parsed: unknown = JSON.parse(version.secret_string ?? "");
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A new version; the stages it takes move off the versions that had them (AWSCURRENT leaves AWSPREVIOUS behind). */
  put(
    id: string,
    value: SecretValue,
    versionId: string = crypto.randomUUID(),
    stages = ["AWSCURRENT"],
  ) {
    const secret = this.find(id);
    const existing = this.versions(secret.arn).find((v) => v.version_id === versionId);
    if (existing) {
      const same =
        existing.secret_string === (value.string ?? null) &&
        Buffer.compare(
          existing.secret_binary ?? Buffer.alloc(0),
          value.binary ?? Buffer.alloc(0),
        ) === 0;
      if (!same)
        throw new SecretsError(
          "ResourceExistsException",
          "You can't modify an existing version, you can only create a new version.",
        );
      return { secret, versionId, stages: JSON.parse(existing.stages) as string[] };
    }
    const now = Date.now();
    this.db.transaction(() => {
      for (const v of this.versions(secret.arn)) {
        let s = JSON.parse(v.stages) as string[];
        const hadCurrent = s.includes("AWSCURRENT");
        s = s.filter((x) => !stages.includes(x));
        if (stages.includes("AWSCURRENT")) {
          s = s.filter((x) => x !== "AWSPREVIOUS");
          if (hadCurrent) s.push("AWSPREVIOUS");
        }
        // A version left with no stage is deprecated: AWS drops it eventually; so do we.
        if (s.length === 0)
          this.db
            .prepare("DELETE FROM secret_versions WHERE secret_arn = ? AND version_id = ?")
            .run(secret.arn, v.version_id);
        else
          this.db
            .prepare(
              "UPDATE secret_versions SET stages = ? WHERE secret_arn = ? AND version_id = ?",
            )
            .run(JSON.stringify(s), secret.arn, v.version_id);
      }
      this.insertVersion(secret.arn, versionId, value, stages, now);
      this.db.prepare("UPDATE secrets SET changed_at = ? WHERE arn = ?").run(now, secret.arn);
    })();
    if (stages.includes("AWSCURRENT")) for (const fn of this.listeners) fn(secret.arn);
    return { secret, versionId, stages };
  }

  list(): SecretRow[] {
    return this.db.prepare("SELECT * FROM secrets ORDER BY created_at").all() as SecretRow[];
  }

  /** Scheduled deletion (recovery window), or at once with force. */
  delete(
    id: string,
    force: boolean,
    windowDays: number,
  ): { secret: SecretRow; deletionDate: number } {
    const secret = this.find(id, { includeDeleted: true });
    if (secret.deleted_at !== null && !force) throw markedForDeletion();
    const now = Date.now();
    if (force) this.db.prepare("DELETE FROM secrets WHERE arn = ?").run(secret.arn);
    else this.db.prepare("UPDATE secrets SET deleted_at = ? WHERE arn = ?").run(now, secret.arn);
    for (const fn of this.listeners) fn(secret.arn);
    return { secret, deletionDate: force ? now : now + windowDays * 86_400_000 };
  }
}
