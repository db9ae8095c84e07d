import type { EngineContext } from "../context";
import type { Router } from "../http/router";
import { json, parseJsonBody, type EngineRequest, type EngineResponse } from "../http/types";
import { AwsError } from "../errors/aws-error";
import type { S3Store } from "../s3/store";
import { startSigningJob, type JobDeps } from "./jobs";
import { signerArns } from "./arns";
import { operationName, page } from "./wire";
import { LAMBDA_PLATFORM, PLATFORM_ID, parseValidity } from "./platform";
import type { ProfileVersion, SignerStore, SigningJobRow } from "./store";

const validation = (m: string) => new AwsError(400, "ValidationException", m, "message");
const notFound = (m: string) => new AwsError(404, "ResourceNotFoundException", m, "message");
const secs = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const PROFILE_NAME = /^[a-zA-Z0-9_]{2,64}$/;

type Route = {
  method: string;
  pattern: RegExp;
  run: (req: EngineRequest, m: string[]) => EngineResponse;
};

/** The Signer subset (restJson1, scope "signer"): Lambda's platform, profiles, jobs, revocation. */
export function registerSignerService(
  router: Router,
  ctx: EngineContext,
  signer: SignerStore,
  s3: S3Store,
): void {
  const account = ctx.config.accountId;
  const arns = signerArns(ctx.config.region, account);
  const now = () => ctx.clock.now();

  const profileJson = (p: ProfileVersion) => ({
    profileName: p.name,
    profileVersion: p.version,
    profileVersionArn: arns.profileVersion(p.name, p.version),
    platformId: p.platformId,
    platformDisplayName: LAMBDA_PLATFORM.displayName,
    signatureValidityPeriod: p.validity,
    status: p.status,
    arn: arns.profile(p.name),
    ...(Object.keys(p.tags).length > 0 ? { tags: p.tags } : {}),
  });

  const requireProfile = (name: string) => {
    const p = signer.current(name);
    if (!p) throw notFound(`The signing profile ${name} does not exist.`);
    return p;
  };

  const jobDeps: JobDeps = { signer, s3, arns, account, now, requireProfile };

  const jobJson = (j: SigningJobRow) => ({
    jobId: j.jobId,
    source: { s3: j.source },
    ...(j.signedObject ? { signedObject: { s3: j.signedObject } } : {}),
    platformId: j.platformId,
    platformDisplayName: LAMBDA_PLATFORM.displayName,
    profileName: j.profileName,
    profileVersion: j.profileVersion,
    createdAt: secs(j.createdAt),
    status: j.status,
    signatureExpiresAt: secs(j.signatureExpiresAt),
    jobOwner: account,
    jobInvoker: account,
  });

  const routes: Route[] = [
    {
      method: "GET",
      pattern: /^\/signing-platforms$/,
      run: () => json(200, { platforms: [LAMBDA_PLATFORM] }),
    },
    {
      method: "GET",
      pattern: /^\/signing-platforms\/([^/]+)$/,
      run: (_req, [id]) => {
        if (id !== PLATFORM_ID) throw notFound(`Platform ${id} does not exist.`);
        return json(200, LAMBDA_PLATFORM);
      },
    },
    {
      method: "PUT",
      pattern: /^\/signing-profiles\/([^/]+)$/,
      run: (req, [name = ""]) => {
        const body = parseJsonBody(req);
        if (!PROFILE_NAME.test(name))
          throw validation(
            "1 validation error detected: Value at 'profileName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_]{2,}",
          );
        if (body.platformId !== PLATFORM_ID)
          throw validation(
            `Platform ${String(body.platformId)} is not supported by the local engine: use ${PLATFORM_ID}.`,
          );
        const prior = signer.current(name);
        if (prior && prior.status !== "Active")
          throw validation(
            `Signing profile ${name} is ${prior.status.toLowerCase()}; its name cannot be reused.`,
          );
        const tags = (body.tags ?? {}) as Record<string, string>;
        const p = signer.putVersion({
          name,
          platformId: PLATFORM_ID,
          validity: parseValidity(body.signatureValidityPeriod),
          createdAt: now(),
          tags,
        });
        return json(200, {
          arn: arns.profile(name),
          profileVersion: p.version,
          profileVersionArn: arns.profileVersion(name, p.version),
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/signing-profiles\/([^/]+)$/,
      run: (_req, [name = ""]) => {
        const p = requireProfile(name);
        return json(200, {
          ...profileJson(p),
          ...(p.revokedAt !== undefined
            ? {
                revocationRecord: {
                  revocationEffectiveFrom: secs(p.revokedFrom),
                  revokedAt: secs(p.revokedAt),
                  revokedBy: `arn:aws:iam::${account}:root`,
                },
              }
            : {}),
          ...(p.revokeReason ? { statusReason: p.revokeReason } : {}),
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/signing-profiles$/,
      run: (req) => {
        const includeCanceled = req.query.get("includeCanceled") === "true";
        const statuses = req.query.getAll("statuses");
        const platform = req.query.get("platformId");
        const profiles = signer
          .listCurrent()
          .filter((p) => includeCanceled || p.status !== "Canceled")
          .filter((p) => statuses.length === 0 || statuses.includes(p.status))
          .filter((p) => platform === null || p.platformId === platform);
        return json(200, page(req, profiles.map(profileJson), "profiles"));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/signing-profiles\/([^/]+)$/,
      run: (_req, [name = ""]) => {
        requireProfile(name);
        signer.setStatus(name, "Canceled");
        return json(200, undefined);
      },
    },
    {
      method: "PUT",
      pattern: /^\/signing-profiles\/([^/]+)\/revoke$/,
      run: (req, [name = ""]) => {
        const body = parseJsonBody(req);
        const version = typeof body.profileVersion === "string" ? body.profileVersion : "";
        const reason = typeof body.reason === "string" ? body.reason : "";
        const effective = Number(body.effectiveTime);
        if (!version || !reason || !Number.isFinite(effective))
          throw validation("profileVersion, reason and effectiveTime are required.");
        requireProfile(name);
        const v = signer.version(name, version);
        if (!v) throw notFound(`The signing profile version ${name}/${version} does not exist.`);
        if (v.status === "Revoked")
          throw validation(`The signing profile version ${name}/${version} is already revoked.`);
        signer.setStatus(name, "Revoked", { at: now(), from: effective * 1000, reason }, version);
        return json(200, undefined);
      },
    },
    {
      method: "POST",
      pattern: /^\/signing-jobs$/,
      run: (req) => json(200, startSigningJob(jobDeps, parseJsonBody(req))),
    },
    {
      method: "GET",
      pattern: /^\/signing-jobs\/([^/]+)$/,
      run: (_req, [id = ""]) => {
        const j = signer.job(id);
        if (!j) throw notFound(`The signing job ${id} does not exist.`);
        return json(200, {
          ...jobJson(j),
          ...(j.completedAt !== undefined ? { completedAt: secs(j.completedAt) } : {}),
          ...(j.statusReason ? { statusReason: j.statusReason } : {}),
          requestedBy: `arn:aws:iam::${account}:root`,
          ...(j.revokedAt !== undefined
            ? {
                revocationRecord: {
                  reason: j.revokeReason,
                  revokedAt: secs(j.revokedAt),
                  revokedBy: `arn:aws:iam::${account}:root`,
                },
              }
            : {}),
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/signing-jobs$/,
      run: (req) => {
        const status = req.query.get("status");
        const revoked = req.query.get("isRevoked");
        const jobs = signer
          .listJobs()
          .filter((j) => status === null || j.status === status)
          .filter((j) => revoked === null || (j.revokedAt !== undefined) === (revoked === "true"))
          .map((j) => ({ ...jobJson(j), isRevoked: j.revokedAt !== undefined }));
        return json(200, page(req, jobs, "jobs"));
      },
    },
    {
      method: "PUT",
      pattern: /^\/signing-jobs\/([^/]+)\/revoke$/,
      run: (req, [id = ""]) => {
        const body = parseJsonBody(req);
        if (typeof body.reason !== "string" || body.reason.length < 1)
          throw validation("reason is required.");
        const j = signer.job(id);
        if (!j) throw notFound(`The signing job ${id} does not exist.`);
        if (j.status !== "Succeeded")
          throw validation(`The signing job ${id} has no signature to revoke.`);
        if (j.revokedAt === undefined) signer.revokeJob(id, now(), body.reason);
        return json(200, undefined);
      },
    },
  ];

  router.service(
    "signer",
    (head) => ({
      action: `signer:${operationName(head.method, head.path)}`,
      protocol: "restJson1",
      maxBodyBytes: 1_048_576,
      limitName: "signer",
    }),
    (req) => {
      for (const r of routes) {
        if (r.method !== req.method) continue;
        const m = r.pattern.exec(req.path);
        if (m) return r.run(req, m.slice(1).map(decodeURIComponent));
      }
      throw new AwsError(
        404,
        "UnknownOperationException",
        `No Signer operation at ${req.method} ${req.path} in the local engine`,
        "message",
      );
    },
  );
}
