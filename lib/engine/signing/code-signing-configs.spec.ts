import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  DeleteCodeSigningConfigCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsByCodeSigningConfigCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import {
  GetSigningProfileCommand,
  ListSigningPlatformsCommand,
  SignerClient,
} from "@aws-sdk/client-signer";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { createInput, failure, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import {
  BUCKET,
  destroyClients,
  handlerZip,
  putProfile,
  signZip,
  signingClientsFor,
  signingHelpers,
} from "@/test/support/signing";
import { signingTest } from "@/test/support/fixtures";

let t: TestEngine;
let s3: S3Client;
let signer: SignerClient;
let cw: CloudWatchClient;
const { config, signedFunction } = signingHelpers(() => ({ t, s3, signer, cw }));

const test = signingTest("code-signing-configs-spec-");

test.beforeAll(({ signing }) => {
  ({ t, s3, signer, cw } = signing);
});
// The restart test makes new clients; the fixture destroys the first ones.
afterAll(() => destroyClients({ s3, signer, cw }));

describe("signing profiles, configurations and code from S3 through the SDK clients", () => {
  test("signs with a P-384 key per profile version, kept 0600 in the data dir", async () => {
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

  test("manages configurations and attachments with Lambda's errors", async () => {
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

  test("reads code from S3 with Lambda's errors for a missing bucket, key or version", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "unsigned/fn.zip", Body: "zip" }));
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

  test("refuses S3, Signer and code signing changes to a function's own session credentials", async () => {
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

  test("keeps keys, jobs and configurations across a restart: a package signed before deploys after", async () => {
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
    destroyClients({ s3, signer, cw });
    ({ s3, signer, cw } = signingClientsFor(t.engine));
    const updated = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: signed }),
    );
    expect(updated.SigningProfileVersionArn).toBe(pv);
    await settled(t.lambda, name);
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(Buffer.from(out.Payload ?? new Uint8Array()).toString()).toBe('"after restart"');
  });
});
