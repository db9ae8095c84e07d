import { describe, expect } from "vitest";
import {
  GetFunctionCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import {
  CancelSigningProfileCommand,
  ListSigningJobsCommand,
  GetSigningProfileCommand,
  RevokeSignatureCommand,
  RevokeSigningProfileCommand,
  type SignerClient,
} from "@aws-sdk/client-signer";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { S3Client } from "@aws-sdk/client-s3";
import { failure, logsClientFor, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { BUCKET, handlerZip, putProfile, signZip, signingHelpers } from "@/test/support/signing";
import { signingTest } from "@/test/support/fixtures";

let t: TestEngine;
let s3: S3Client;
let signer: SignerClient;
let cw: CloudWatchClient;
const { config, signedFunction, signatureErrors } = signingHelpers(() => ({ t, s3, signer, cw }));

const test = signingTest("code-signing-spec-");

test.beforeAll(({ signing }) => {
  ({ t, s3, signer, cw } = signing);
});

describe("code signing verification through the SDK clients", () => {
  test("deploys a signed package from S3 and shows who signed it", async () => {
    const pv = await putProfile(signer, "deploy_profile");
    const csc = await config([pv], "Enforce");
    const name = await signedFunction("deploy_profile", csc);
    const fn = await t.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(fn.Configuration?.SigningProfileVersionArn).toBe(pv);
    expect(fn.Configuration?.SigningJobArn).toMatch(
      /^arn:aws:signer:us-east-1:\d{12}:\/signing-jobs\/[0-9a-f-]{36}$/,
    );
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(Buffer.from(out.Payload ?? new Uint8Array()).toString()).toBe('"v1"');
    const jobs = await signer.send(new ListSigningJobsCommand({}));
    expect(jobs.jobs?.some((j) => fn.Configuration?.SigningJobArn?.endsWith(j.jobId ?? "-"))).toBe(
      true,
    );
  });

  test("refuses a package changed after signing under either policy (InvalidCodeSignatureException)", async () => {
    const pv = await putProfile(signer, "flip_profile");
    for (const policy of ["Enforce", "Warn"] as const) {
      const name = await signedFunction("flip_profile", await config([pv], policy));
      const { signed } = await signZip(s3, signer, BUCKET, "flip_profile", handlerZip("v2"));
      const flipped = Buffer.from(signed);
      const at = Math.floor(flipped.length / 3);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      const err = await failure(
        t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: flipped })),
      );
      expect(err).toMatchObject({ name: "InvalidCodeSignatureException", status: 400 });
      // The intact signed package deploys.
      await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: signed }));
    }
  });

  test("refuses an unsigned package under Enforce; Warn deploys it and counts SignatureValidationErrors", async () => {
    const pv = await putProfile(signer, "unsigned_profile");
    const enforced = await signedFunction("unsigned_profile", await config([pv], "Enforce"));
    const err = await failure(
      t.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: enforced, ZipFile: handlerZip("unsigned") }),
      ),
    );
    expect(err).toMatchObject({ name: "CodeVerificationFailedException", status: 400 });
    const warned = await signedFunction("unsigned_profile", await config([pv], "Warn"));
    expect(await signatureErrors(warned)).toBe(0);
    const updated = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: warned, ZipFile: handlerZip("unsigned") }),
    );
    expect(updated.SigningProfileVersionArn).toBeUndefined();
    await expect.poll(() => signatureErrors(warned)).toBe(1);
    // The warning is recorded with the function: its log group, stream "code-signing".
    const logs = logsClientFor(t.engine);
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: `/aws/lambda/${warned}`,
        logStreamName: "code-signing",
      }),
    );
    logs.destroy();
    expect(events.events?.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^Code signing warning: deployed under the Warn policy of csc-\w{17} although the package is not signed\.$/,
      ),
    ]);
  });

  test("refuses a revoked signature or profile under Enforce; Warn deploys and counts", async () => {
    const pv = await putProfile(signer, "revoke_profile");
    const enforce = await config([pv], "Enforce");
    const warn = await config([pv], "Warn");
    const enforced = await signedFunction("revoke_profile", enforce);
    const warned = await signedFunction("revoke_profile", warn);
    const job = await signZip(s3, signer, BUCKET, "revoke_profile", handlerZip("revoked job"));
    await signer.send(new RevokeSignatureCommand({ jobId: job.jobId, reason: "leaked build" }));
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: enforced,
            S3Bucket: BUCKET,
            S3Key: job.key,
          }),
        ),
      ),
    ).toMatchObject({ name: "CodeVerificationFailedException" });
    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: warned, S3Bucket: BUCKET, S3Key: job.key }),
    );
    await expect.poll(() => signatureErrors(warned)).toBe(1);

    const fresh = await signZip(
      s3,
      signer,
      BUCKET,
      "revoke_profile",
      handlerZip("revoked profile"),
    );
    const version = pv.split("/").pop();
    await signer.send(
      new RevokeSigningProfileCommand({
        profileName: "revoke_profile",
        profileVersion: version,
        reason: "key compromised",
        effectiveTime: new Date(Date.now() - 3600_000),
      }),
    );
    expect(
      (await signer.send(new GetSigningProfileCommand({ profileName: "revoke_profile" }))).status,
    ).toBe("Revoked");
    await settled(t.lambda, warned);
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionCodeCommand({ FunctionName: enforced, ZipFile: fresh.signed }),
        ),
      ),
    ).toMatchObject({ name: "CodeVerificationFailedException" });
    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: warned, ZipFile: fresh.signed }),
    );
    await expect.poll(() => signatureErrors(warned)).toBe(2);
    // Canceling the revoked profile afterwards does not make its signatures trusted again.
    await signer.send(new CancelSigningProfileCommand({ profileName: "revoke_profile" }));
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionCodeCommand({ FunctionName: enforced, ZipFile: fresh.signed }),
        ),
      ),
    ).toMatchObject({ name: "CodeVerificationFailedException" });
  });

  test("refuses an expired signature (short validity, the engine's clock moved on)", async () => {
    const pv = await putProfile(signer, "short_profile", { value: 1, type: "DAYS" });
    const csc = await config([pv], "Enforce");
    const name = await signedFunction("short_profile", csc);
    const { signed } = await signZip(s3, signer, BUCKET, "short_profile", handlerZip("later"));
    const real = t.engine.ctx.clock.now;
    t.engine.ctx.clock.now = () => Date.now() + 2 * 86_400_000;
    try {
      const err = await failure(
        t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: signed })),
      );
      expect(err.name).toBe("CodeVerificationFailedException");
      expect(err.message).toContain("expired");
    } finally {
      t.engine.ctx.clock.now = real;
    }
    await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: signed }));
  });

  test("refuses a package signed by a profile the configuration does not allow", async () => {
    const allowed = await putProfile(signer, "allowed_profile");
    await putProfile(signer, "other_profile");
    const name = await signedFunction("allowed_profile", await config([allowed], "Enforce"));
    const { signed } = await signZip(s3, signer, BUCKET, "other_profile", handlerZip("other"));
    const err = await failure(
      t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: signed })),
    );
    expect(err.name).toBe("CodeVerificationFailedException");
    expect(err.message).toContain("not an allowed publisher");
  });

  test("attaches only layers signed by an allowed profile; layers publish from the signed S3 object", async () => {
    const allowed = await putProfile(signer, "layer_allowed");
    await putProfile(signer, "layer_other");
    const name = await signedFunction("layer_allowed", await config([allowed], "Enforce"));
    const publish = async (profile: string) => {
      const { key } = await signZip(s3, signer, BUCKET, profile, makeZip({ "nodejs/x.js": "1" }));
      const v = await t.lambda.send(
        new PublishLayerVersionCommand({
          LayerName: `layer-of-${profile}`,
          Content: { S3Bucket: BUCKET, S3Key: key },
        }),
      );
      return v.LayerVersionArn ?? "";
    };
    const other = await publish("layer_other");
    const err = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: name, Layers: [other] }),
      ),
    );
    expect(err.name).toBe("CodeVerificationFailedException");
    expect(err.message).toContain("not an allowed publisher");
    const good = await publish("layer_allowed");
    const updated = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, Layers: [good] }),
    );
    expect(updated.Layers?.map((l) => l.Arn)).toEqual([good]);
  });
});
