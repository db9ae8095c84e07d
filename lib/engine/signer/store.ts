import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../store/db";

export type ProfileStatus = "Active" | "Canceled" | "Revoked";
export type ValidityType = "DAYS" | "MONTHS" | "YEARS";

export interface ProfileVersion {
  name: string;
  version: string;
  platformId: string;
  validity: { value: number; type: ValidityType };
  status: ProfileStatus;
  isCurrent: boolean;
  createdAt: number;
  revokedAt?: number;
  revokedFrom?: number;
  revokeReason?: string;
  tags: Record<string, string>;
}

export interface SigningJobRow {
  jobId: string;
  profileName: string;
  profileVersion: string;
  platformId: string;
  source: { bucketName: string; key: string; version: string };
  signedObject?: { bucketName: string; key: string };
  status: "InProgress" | "Failed" | "Succeeded";
  statusReason?: string;
  clientToken: string;
  createdAt: number;
  completedAt?: number;
  signatureExpiresAt?: number;
  revokedAt?: number;
  revokeReason?: string;
}

interface RawProfile {
  name: string;
  version: string;
  platform_id: string;
  validity_value: number;
  validity_type: ValidityType;
  status: ProfileStatus;
  is_current: number;
  created_at: number;
  revoked_at: number | null;
  revoked_from: number | null;
  revoke_reason: string | null;
  tags: string;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const toProfile = (r: RawProfile): ProfileVersion => ({
  name: r.name,
  version: r.version,
  platformId: r.platform_id,
  validity: { value: r.validity_value, type: r.validity_type },
  status: r.status,
  isCurrent: r.is_current === 1,
  createdAt: r.created_at,
  revokedAt: opt(r.revoked_at),
  revokedFrom: opt(r.revoked_from),
  revokeReason: opt(r.revoke_reason),
  tags: JSON.parse(r.tags) as Record<string, string>,
});

interface RawJob {
  job_id: string;
  profile_name: string;
  profile_version: string;
  platform_id: string;
  source: string;
  signed_object: string | null;
  status: SigningJobRow["status"];
  status_reason: string | null;
  client_token: string;
  created_at: number;
  completed_at: number | null;
  signature_expires_at: number | null;
  revoked_at: number | null;
  revoke_reason: string | null;
}

const toJob = (r: RawJob): SigningJobRow => ({
  jobId: r.job_id,
  profileName: r.profile_name,
  profileVersion: r.profile_version,
  platformId: r.platform_id,
  source: JSON.parse(r.source) as SigningJobRow["source"],
  signedObject: r.signed_object
    ? (JSON.parse(r.signed_object) as SigningJobRow["signedObject"])
    : undefined,
  status: r.status,
  statusReason: opt(r.status_reason),
  clientToken: r.client_token,
  createdAt: r.created_at,
  completedAt: opt(r.completed_at),
  signatureExpiresAt: opt(r.signature_expires_at),
  revokedAt: opt(r.revoked_at),
  revokeReason: opt(r.revoke_reason),
});

/** Profile versions are 10 upper-case letters and digits, as Signer's look. */
const newVersion = () =>
  Array.from(crypto.randomBytes(10), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[b % 36]).join(
    "",
  );

/**
 * Signing profiles (one ECDSA P-384 key per version, PKCS#8 PEM in <dataDir>/signer/keys, mode
 * 0600) and signing jobs.
 */
export class SignerStore {
  private readonly keyDir: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.keyDir = path.join(dataDir, "signer", "keys");
    fs.mkdirSync(this.keyDir, { recursive: true, mode: 0o700 });
  }

  private keyFile(name: string, version: string): string {
    return path.join(this.keyDir, `${name}.${version}.pem`);
  }

  /** All versions of a profile, newest first. */
  versions(name: string): ProfileVersion[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM signer_profiles WHERE name = ? ORDER BY created_at DESC, rowid DESC",
        )
        .all(name) as RawProfile[]
    ).map(toProfile);
  }

  current(name: string): ProfileVersion | undefined {
    const r = this.db
      .prepare("SELECT * FROM signer_profiles WHERE name = ? AND is_current = 1")
      .get(name) as RawProfile | undefined;
    return r && toProfile(r);
  }

  version(name: string, version: string): ProfileVersion | undefined {
    const r = this.db
      .prepare("SELECT * FROM signer_profiles WHERE name = ? AND version = ?")
      .get(name, version) as RawProfile | undefined;
    return r && toProfile(r);
  }

  listCurrent(): ProfileVersion[] {
    return (
      this.db
        .prepare("SELECT * FROM signer_profiles WHERE is_current = 1 ORDER BY name")
        .all() as RawProfile[]
    ).map(toProfile);
  }

  /** A new version with a fresh key becomes the profile's current one. */
  putVersion(p: Omit<ProfileVersion, "version" | "isCurrent" | "status">): ProfileVersion {
    const version = newVersion();
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    fs.writeFileSync(
      this.keyFile(p.name, version),
      privateKey.export({ type: "pkcs8", format: "pem" }),
      { mode: 0o600 },
    );
    this.db.transaction(() => {
      this.db.prepare("UPDATE signer_profiles SET is_current = 0 WHERE name = ?").run(p.name);
      this.db
        .prepare(
          `INSERT INTO signer_profiles (name, version, platform_id, validity_value, validity_type, status, is_current, created_at, tags)
           VALUES (?, ?, ?, ?, ?, 'Active', 1, ?, ?)`,
        )
        .run(
          p.name,
          version,
          p.platformId,
          p.validity.value,
          p.validity.type,
          p.createdAt,
          JSON.stringify(p.tags),
        );
    })();
    return { ...p, version, status: "Active", isCurrent: true };
  }

  setStatus(
    name: string,
    status: ProfileStatus,
    revoke?: { at: number; from: number; reason: string },
    version?: string,
  ): void {
    this.db
      .prepare(
        `UPDATE signer_profiles SET status = ?, revoked_at = COALESCE(?, revoked_at), revoked_from = COALESCE(?, revoked_from),
           revoke_reason = COALESCE(?, revoke_reason)
         WHERE name = ? AND (? IS NULL OR version = ?) AND status != 'Revoked'`,
      )
      .run(
        status,
        revoke?.at ?? null,
        revoke?.from ?? null,
        revoke?.reason ?? null,
        name,
        version ?? null,
        version ?? null,
      );
  }

  privateKey(name: string, version: string): crypto.KeyObject {
    return crypto.createPrivateKey(fs.readFileSync(this.keyFile(name, version)));
  }

  publicKey(name: string, version: string): crypto.KeyObject | undefined {
    try {
      return crypto.createPublicKey(this.privateKey(name, version));
    } catch {
      return undefined;
    }
  }

  insertJob(j: SigningJobRow): void {
    this.db
      .prepare(
        `INSERT INTO signer_jobs (job_id, profile_name, profile_version, platform_id, source, signed_object, status, status_reason,
           client_token, created_at, completed_at, signature_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        j.jobId,
        j.profileName,
        j.profileVersion,
        j.platformId,
        JSON.stringify(j.source),
        j.signedObject ? JSON.stringify(j.signedObject) : null,
        j.status,
        j.statusReason ?? null,
        j.clientToken,
        j.createdAt,
        j.completedAt ?? null,
        j.signatureExpiresAt ?? null,
      );
  }

  job(jobId: string): SigningJobRow | undefined {
    const r = this.db.prepare("SELECT * FROM signer_jobs WHERE job_id = ?").get(jobId) as
      RawJob | undefined;
    return r && toJob(r);
  }

  jobByToken(token: string): SigningJobRow | undefined {
    const r = this.db.prepare("SELECT * FROM signer_jobs WHERE client_token = ?").get(token) as
      RawJob | undefined;
    return r && toJob(r);
  }

  listJobs(): SigningJobRow[] {
    return (
      this.db
        .prepare("SELECT * FROM signer_jobs ORDER BY created_at DESC, rowid DESC")
        .all() as RawJob[]
    ).map(toJob);
  }

  revokeJob(jobId: string, at: number, reason: string): void {
    this.db
      .prepare("UPDATE signer_jobs SET revoked_at = ?, revoke_reason = ? WHERE job_id = ?")
      .run(at, reason, jobId);
  }
}
