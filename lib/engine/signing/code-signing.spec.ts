import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  DeleteCodeSigningConfigCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  InvokeCommand,
  ListFunctionsByCodeSigningConfigCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
  type CodeSigningPolicy,
} from "@aws-sdk/client-lambda";
import {
  GetSigningProfileCommand,
  ListSigningJobsCommand,
  ListSigningPlatformsCommand,
  RevokeSignatureCommand,
  RevokeSigningProfileCommand,
} from "@aws-sdk/client-signer";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetObjectCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SignerClient } from "@aws-sdk/client-signer";
import {
  createInput,
  failure,
  logsClientFor,
  makeZip,
  settled,
  startTestEngine,
  type TestEngine,
} from "../api/lambda/spec-support";
import { s3ClientFor } from "../s3/spec-support";
import { putProfile, signZip, signerClientFor, versionedBucket } from "./spec-support";

let t: TestEngine;
let s3: S3Client;
let signer: SignerClient;
let cw: CloudWatchClient;
const BUCKET = "pipeline";
let counter = 0;

const handlerZip = (reply: string) =>
  makeZip({ "index.mjs": `export const handler = async () => (${JSON.stringify(reply)});\n` });

beforeAll(async () => {
  t = await startTestEngine("code-signing-spec-");
  s3 = s3ClientFor(t.engine);
  signer = signerClientFor(t.engine);
  cw = new CloudWatchClient({
    endpoint: t.engine.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: t.engine.ctx.config.accessKeyId,
      secretAccessKey: t.engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
  });
  await versionedBucket(s3, BUCKET);
});
afterAll(async () => {
  s3.destroy();
  signer.destroy();
  cw.destroy();
  await t.close();
});

async function config(arns: string[], policy: CodeSigningPolicy): Promise<string> {
  const out = await t.lambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: { SigningProfileVersionArns: arns },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy },
    }),
  );
  return out.CodeSigningConfig?.CodeSigningConfigArn ?? "";
}

/** A function under `cscArn`, deployed from a package signed by `profile`. */
async function signedFunction(profile: string, cscArn: string): Promise<string> {
  const name = `signed-${++counter}`;
  const { key } = await signZip(s3, signer, BUCKET, profile, handlerZip("v1"));
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput(name, { Code: { S3Bucket: BUCKET, S3Key: key }, CodeSigningConfigArn: cscArn }),
    ),
  );
  await settled(t.lambda, name);
  return name;
}

async function signatureErrors(functionName: string): Promise<number> {
  const out = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/Lambda",
      MetricName: "SignatureValidationErrors",
      Dimensions: [{ Name: "FunctionName", Value: functionName }],
      StartTime: new Date(Date.now() - 3600_000),
      EndTime: new Date(Date.now() + 60_000),
      Period: 3600,
      Statistics: ["Sum"],
    }),
  );
  return (out.Datapoints ?? []).reduce((a, d) => a + (d.Sum ?? 0), 0);
}

describe("code signing through the SDK clients", () => {
  it("signs with a P-384 key per profile version, kept 0600 in the data dir", async () => {
    const platforms = await signer.send(new ListSigningPlatformsCommand({}));
    expect(platforms.platforms?.map((p) => p.platformId)).toContain("AWSLambda-SHA384-ECDSA");
    const arn = await putProfile(signer, "keys_profile");
    const got = await signer.send(new GetSigningProfileCommand({ profileName: "keys_profile" }));
    expect(got.profileVersionArn).toBe(arn);
    expect(got.status).toBe("Active");
    const file = path.join(t.dataDir, "signer", "keys", `keys_profile.${got.profileVersion}.pem`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toContain("BEGIN PRIVATE KEY");
  });

  it("deploys a signed package from S3 and shows who signed it", async () => {
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

  it("refuses a package changed after signing under either policy (InvalidCodeSignatureException)", async () => {
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

  it("refuses an unsigned package under Enforce; Warn deploys it and counts SignatureValidationErrors", async () => {
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

  it("refuses a revoked signature or profile under Enforce; Warn deploys and counts", async () => {
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
  });

  it("refuses an expired signature (short validity, the engine's clock moved on)", async () => {
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

  it("refuses a package signed by a profile the configuration does not allow", async () => {
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

  it("manages configurations and attachments with Lambda's errors", async () => {
    const pv = await putProfile(signer, "crud_profile");
    const csc = await config([pv], "Warn");
    const got = await t.lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: csc }));
    expect(got.CodeSigningConfig?.CodeSigningPolicies?.UntrustedArtifactOnDeployment).toBe("Warn");
    const updated = await t.lambda.send(
      new UpdateCodeSigningConfigCommand({
        CodeSigningConfigArn: csc,
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" },
        Description: "prod",
      }),
    );
    expect(updated.CodeSigningConfig?.Description).toBe("prod");
    const missing = csc.replace(/csc-[a-z0-9]{17}$/, "csc-00000000000000000");
    expect(
      await failure(
        t.lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: missing })),
      ),
    ).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
    });
    // An unsigned function that is already deployed keeps running once a configuration is attached.
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("plain-fn", { Code: { ZipFile: handlerZip("plain") } }),
      ),
    );
    await settled(t.lambda, "plain-fn");
    expect(
      (await t.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "plain-fn" })))
        .CodeSigningConfigArn,
    ).toBe("");
    expect(
      await failure(
        t.lambda.send(
          new PutFunctionCodeSigningConfigCommand({
            FunctionName: "plain-fn",
            CodeSigningConfigArn: missing,
          }),
        ),
      ),
    ).toMatchObject({ name: "CodeSigningConfigNotFoundException", status: 404 });
    await t.lambda.send(
      new PutFunctionCodeSigningConfigCommand({
        FunctionName: "plain-fn",
        CodeSigningConfigArn: csc,
      }),
    );
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: "plain-fn" }));
    expect(Buffer.from(out.Payload ?? new Uint8Array()).toString()).toBe('"plain"');
    const users = await t.lambda.send(
      new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: csc }),
    );
    expect(users.FunctionArns).toEqual([expect.stringMatching(/:function:plain-fn$/)]);
    expect(
      await failure(
        t.lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: csc })),
      ),
    ).toMatchObject({
      name: "ResourceConflictException",
    });
    expect(
      await failure(
        t.lambda.send(
          new CreateFunctionCommand(createInput("never-fn", { CodeSigningConfigArn: missing })),
        ),
      ),
    ).toMatchObject({ name: "CodeSigningConfigNotFoundException" });
  });

  it("reads code from S3 with Lambda's errors for a missing bucket, key or version", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ S3Bucket: "no-such-bucket", S3Key: "k" }, "NoSuchBucket"],
      [{ S3Bucket: BUCKET, S3Key: "no/such/key.zip" }, "NoSuchKey"],
      [
        {
          S3Bucket: BUCKET,
          S3Key: "unsigned/fn.zip",
          S3ObjectVersion: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        },
        "NoSuchVersion",
      ],
    ];
    for (const [code, s3Code] of cases) {
      const err = await failure(
        t.lambda.send(new CreateFunctionCommand(createInput("from-s3", { Code: code }))),
      );
      expect(err.name).toBe("InvalidParameterValueException");
      expect(err.message).toContain(`S3 Error Code: ${s3Code}`);
    }
  });

  it("checks a layer's package against the function's configuration (the hook layer attach calls)", async () => {
    const allowed = await putProfile(signer, "layer_allowed");
    await putProfile(signer, "layer_other");
    const name = await signedFunction("layer_allowed", await config([allowed], "Enforce"));
    const hooks = t.engine.ctx.codeSigning;
    if (!hooks) throw new Error("no code signing hooks");
    const good = await signZip(
      s3,
      signer,
      BUCKET,
      "layer_allowed",
      makeZip({ "nodejs/x.js": "1" }),
    );
    expect(
      hooks.verifyPackage({ functionName: name, zip: good.signed, what: "layer" }),
    ).toMatchObject({
      SigningProfileVersionArn: allowed,
    });
    const other = await signZip(s3, signer, BUCKET, "layer_other", makeZip({ "nodejs/x.js": "1" }));
    expect(() =>
      hooks.verifyPackage({ functionName: name, zip: other.signed, what: "layer" }),
    ).toThrow(/a layer: the signing profile version is not an allowed publisher/);
  });

  it("refuses S3, Signer and code signing changes to a function's own session credentials", async () => {
    await t.lambda.send(new CreateFunctionCommand(createInput("hostile-fn")));
    const c = await settled(t.lambda, "hostile-fn");
    const creds = t.engine.credentials.issue({
      functionName: "hostile-fn",
      functionArn: c.FunctionArn ?? "",
      roleArn: c.Role ?? "",
      logGroup: c.LoggingConfig?.LogGroup ?? "",
    });
    const config = {
      endpoint: t.engine.endpoint,
      region: "us-east-1",
      credentials: creds,
      maxAttempts: 1,
    };
    const s3AsFn = new S3Client({ ...config, forcePathStyle: true });
    const signerAsFn = new SignerClient(config);
    const lambdaAsFn = new LambdaClient(config);
    try {
      expect(await failure(s3AsFn.send(new ListBucketsCommand({})))).toMatchObject({
        status: 403,
        name: "AccessDenied",
      });
      expect(
        await failure(
          s3AsFn.send(new GetObjectCommand({ Bucket: BUCKET, Key: "unsigned/fn.zip" })),
        ),
      ).toMatchObject({ status: 403 });
      expect(await failure(signerAsFn.send(new ListSigningPlatformsCommand({})))).toMatchObject({
        status: 403,
        name: "AccessDeniedException",
      });
      expect(
        await failure(
          lambdaAsFn.send(
            new CreateCodeSigningConfigCommand({
              AllowedPublishers: {
                SigningProfileVersionArns: [
                  "arn:aws:signer:us-east-1:000000000000:/signing-profiles/x/Y",
                ],
              },
            }),
          ),
        ),
      ).toMatchObject({ status: 403, name: "AccessDeniedException" });
    } finally {
      s3AsFn.destroy();
      signerAsFn.destroy();
      lambdaAsFn.destroy();
    }
  });

  it("keeps keys, jobs and configurations across a restart: a package signed before deploys after", async () => {
    const pv = await putProfile(signer, "restart_profile");
    const name = await signedFunction("restart_profile", await config([pv], "Enforce"));
    const { signed } = await signZip(
      s3,
      signer,
      BUCKET,
      "restart_profile",
      handlerZip("after restart"),
    );
    await t.restart();
    for (const c of [s3, signer, cw]) c.destroy();
    s3 = s3ClientFor(t.engine);
    signer = signerClientFor(t.engine);
    cw = new CloudWatchClient({
      endpoint: t.engine.endpoint,
      region: "us-east-1",
      credentials: {
        accessKeyId: t.engine.ctx.config.accessKeyId,
        secretAccessKey: t.engine.ctx.config.secretAccessKey,
      },
      maxAttempts: 1,
    });
    const updated = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: signed }),
    );
    expect(updated.SigningProfileVersionArn).toBe(pv);
    await settled(t.lambda, name);
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(Buffer.from(out.Payload ?? new Uint8Array()).toString()).toBe('"after restart"');
  });
});
