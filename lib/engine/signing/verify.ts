import type { EngineContext } from "../context";
import { AwsError } from "../errors/aws-error";
import { noteOnRequest } from "../http/request-notes";
import { readPackageSignature, verifyPackage } from "../signer/package-signature";
import type { SignerStore } from "../signer/store";
import type { CodeSigningConfigRow, CodeSigningConfigStore } from "./csc-store";
import type { PackageVerdict, SignatureFields } from "../functions/code-signing-hooks";

const invalidCodeSignature = () =>
  new AwsError(
    400,
    "InvalidCodeSignatureException",
    "The code signature failed the integrity check. If the integrity check fails, then Lambda blocks deployment, even if the code signing policy is set to WARN.",
    "Message",
  );

const verificationFailed = (reason: string) =>
  new AwsError(
    400,
    "CodeVerificationFailedException",
    `The code signature failed one or more of the validation checks for signature mismatch or expiry, and the code signing policy is set to ENFORCE. Lambda blocks the deployment. (${reason})`,
    "Message",
  );

/** arn:aws:signer:<region>:<account>:/signing-profiles/<name>/<version> → name, version */
const profileVersionOf = (arn: string) =>
  /:\/signing-profiles\/([^/]+)\/([^/]+)$/.exec(arn)?.slice(1) as [string, string] | undefined;
const jobIdOf = (arn: string) => /:\/signing-jobs\/([^/]+)$/.exec(arn)?.[1];

/** Why a package is untrusted (undefined when trusted), and the signature fields it shows. */
function assessPackage(
  zip: Buffer,
  config: CodeSigningConfigRow,
  signer: SignerStore,
  now: number,
): { problem?: string; fields: SignatureFields } {
  const read = readPackageSignature(zip);
  if (read.kind === "malformed") throw invalidCodeSignature();
  if (read.kind === "unsigned") return { problem: "the package is not signed", fields: {} };
  const { signature, stripped } = read;
  const pv = profileVersionOf(signature.profileVersionArn);
  const key = pv && signer.publicKey(pv[0], pv[1]);
  if (!pv || !key) return { problem: "the signing profile is unknown", fields: {} };
  if (!verifyPackage(signature, stripped, key)) throw invalidCodeSignature();
  const fields = {
    SigningProfileVersionArn: signature.profileVersionArn,
    SigningJobArn: signature.jobArn,
  };
  if (!config.profileVersionArns.includes(signature.profileVersionArn))
    return { problem: "the signing profile version is not an allowed publisher", fields };
  const version = signer.version(pv[0], pv[1]);
  // The revocation record decides, whatever the status became later (a revoked profile canceled).
  if (version?.revokedFrom !== undefined && signature.signedAt >= version.revokedFrom)
    return { problem: "the signing profile version was revoked", fields };
  const jobId = jobIdOf(signature.jobArn);
  const job = jobId === undefined ? undefined : signer.job(jobId);
  if (!job) return { problem: "the signing job is unknown", fields };
  if (job.revokedAt !== undefined) return { problem: "the signature was revoked", fields };
  if (now > signature.expiresAt) return { problem: "the signature has expired", fields };
  return { fields };
}

/**
 * Applies the policy: Enforce refuses an untrusted package; Warn deploys it, counts
 * SignatureValidationErrors for the function and writes the warning to the function's log group
 * (stream "code-signing") and the engine's log.
 */
export function checkPackage(
  ctx: EngineContext,
  signer: SignerStore,
  csc: CodeSigningConfigStore,
  input: { functionName: string; zip: Buffer; configArn?: string; what?: "code" | "layer" },
): PackageVerdict {
  const none = () => undefined;
  const id = input.configArn
    ? input.configArn.split(":").pop()
    : csc.forFunction(input.functionName);
  const config = id === undefined ? undefined : csc.get(id);
  if (!config) return { fields: {}, recordWarning: none };
  const { problem, fields } = assessPackage(input.zip, config, signer, ctx.clock.now());
  if (problem === undefined) return { fields, recordWarning: none };
  const reason = input.what === "layer" ? `a layer: ${problem}` : problem;
  if (config.policy === "Enforce") throw verificationFailed(reason);
  const recordWarning = () => {
    const now = Date.now();
    ctx.metrics.record({
      ts: now,
      functionName: input.functionName,
      resource: input.functionName,
      kind: "signature",
      concurrency: 0,
    });
    const message = `Code signing warning: deployed under the Warn policy of ${config.id} although ${reason}.`;
    // The deploy call's audit event (CloudTrail's additionalEventData) carries the warning too.
    noteOnRequest("signatureValidationWarning", {
      codeSigningConfigArn: `${ctx.arnPrefix}code-signing-config:${config.id}`,
      untrustedArtifactOnDeployment: config.policy,
      reason,
      message,
    });
    ctx.logs.append(`/aws/lambda/${input.functionName}`, "code-signing", [
      { timestamp: now, message },
    ]);
    console.warn(`[engine] ${input.functionName}: ${message}`);
  };
  return { fields, recordWarning };
}
