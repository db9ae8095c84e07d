import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import type { EFSClient } from "@aws-sdk/client-efs";
import {
  createInput,
  failure,
  makeZip,
  ROLE,
  startTestEngine,
  type TestEngine,
} from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { createReadyAccessPoint, efsClientFor } from "@/test/support/efs-client";

let t: TestEngine;
let efs: EFSClient;
let layerArn: string;
let accessPointArn: string;
let cscArn: string;

const VPC = { SubnetIds: ["subnet-0123456789abcdef0"], SecurityGroupIds: ["sg-0123456789abcdef0"] };

beforeAll(async () => {
  t = await startTestEngine("every-field-");
  efs = efsClientFor(t.engine);
  const layer = await t.lambda.send(
    new PublishLayerVersionCommand({
      LayerName: "shared-lib",
      Content: { ZipFile: makeZip({ "nodejs/lib.js": "module.exports = 1;" }) },
    }),
  );
  layerArn = layer.LayerVersionArn ?? "";
  ({ accessPointArn } = await createReadyAccessPoint(efs, { ClientToken: "every-field" }));
  const csc = await t.lambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: {
        SigningProfileVersionArns: [
          "arn:aws:signer:us-east-1:000000000000:/signing-profiles/nobody/abcdefghij",
        ],
      },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Warn" },
    }),
  );
  cscArn = csc.CodeSigningConfig?.CodeSigningConfigArn ?? "";
});
afterAll(async () => {
  efs?.destroy();
  await t?.close();
});

const everything = (name: string): CreateFunctionCommandInput =>
  createInput(name, {
    Role: ROLE,
    Description: "every field",
    Timeout: 42,
    MemorySize: 384,
    Publish: true,
    VpcConfig: { ...VPC, Ipv6AllowedForDualStack: true },
    PackageType: "Zip",
    DeadLetterConfig: { TargetArn: "arn:aws:sqs:us-east-1:000000000000:dead-letters" },
    Environment: { Variables: { STAGE: "test" } },
    KMSKeyArn: "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    TracingConfig: { Mode: "Active" },
    Tags: { team: "payments" },
    Layers: [layerArn],
    FileSystemConfigs: [{ Arn: accessPointArn, LocalMountPath: "/mnt/data" }],
    CodeSigningConfigArn: cscArn,
    Architectures: ["arm64"],
    EphemeralStorage: { Size: 2048 },
    // AWS refuses SnapStart with EFS and a /tmp over 512 MB: "None" here, PublishedVersions below.
    SnapStart: { ApplyOn: "None" },
    LoggingConfig: {
      LogFormat: "JSON",
      ApplicationLogLevel: "WARN",
      SystemLogLevel: "DEBUG",
      LogGroup: "/custom/every-field",
    },
    TenancyConfig: { TenantIsolationMode: "PER_TENANT" },
    DurableConfig: { RetentionPeriodInDays: 14, ExecutionTimeout: 3600 },
  });

const asSent = (input: CreateFunctionCommandInput) => ({
  Runtime: input.Runtime,
  Handler: input.Handler,
  Role: input.Role,
  Description: input.Description,
  Timeout: input.Timeout,
  MemorySize: input.MemorySize,
  PackageType: input.PackageType,
  VpcConfig: { ...input.VpcConfig, VpcId: expect.stringMatching(/^vpc-/) },
  DeadLetterConfig: input.DeadLetterConfig,
  Environment: input.Environment,
  KMSKeyArn: input.KMSKeyArn,
  TracingConfig: input.TracingConfig,
  Layers: [{ Arn: layerArn, CodeSize: expect.any(Number) }],
  FileSystemConfigs: input.FileSystemConfigs,
  Architectures: input.Architectures,
  EphemeralStorage: input.EphemeralStorage,
  LoggingConfig: input.LoggingConfig,
  TenancyConfig: input.TenancyConfig,
  DurableConfig: input.DurableConfig,
});

describe("CreateFunction with every field set", () => {
  it("GetFunction returns every field as sent, and version 1 (Publish) the same", async () => {
    const input = everything("every-field");
    const created = await t.lambda.send(new CreateFunctionCommand(input));
    expect(created).toMatchObject(asSent(input));
    await settled(t.lambda, "every-field");

    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: "every-field" }));
    expect(got.Configuration).toMatchObject({
      ...asSent(input),
      Version: "$LATEST",
      SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    });
    expect(got.Tags).toEqual({ team: "payments" });
    const csc = await t.lambda.send(
      new GetFunctionCodeSigningConfigCommand({ FunctionName: "every-field" }),
    );
    expect(csc.CodeSigningConfigArn).toBe(cscArn);

    // Publish: true made version 1, a snapshot of the same settings.
    const v1 = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "every-field", Qualifier: "1" }),
    );
    expect(v1).toMatchObject({
      ...asSent(input),
      Version: "1",
      SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    });
  });

  it("SnapStart PublishedVersions: $LATEST says Off, published versions On", async () => {
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("snap", {
          Runtime: "python3.12",
          Handler: "app.handler",
          Code: { ZipFile: makeZip({ "app.py": "def handler(e, c):\n    return 1\n" }) },
          SnapStart: { ApplyOn: "PublishedVersions" },
          Publish: true,
        }),
      ),
    );
    const latest = await settled(t.lambda, "snap");
    expect(latest.SnapStart).toEqual({ ApplyOn: "PublishedVersions", OptimizationStatus: "Off" });
    const v1 = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "snap", Qualifier: "1" }),
    );
    expect(v1.SnapStart).toEqual({ ApplyOn: "PublishedVersions", OptimizationStatus: "On" });
    // Nothing changed since: PublishVersion answers version 1 again (On is not a change).
    const again = await t.lambda.send(new PublishVersionCommand({ FunctionName: "snap" }));
    expect(again.Version).toBe("1");
    const bad = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "snap", RevisionId: "stale" }),
      ),
    );
    expect(bad).toMatchObject({ name: "PreconditionFailedException", status: 412 });
  });

  it("UpdateFunctionConfiguration changes every field, and '' clears KMSKeyArn and the DLQ", async () => {
    const before = await settled(t.lambda, "every-field");
    const update = {
      FunctionName: "every-field",
      RevisionId: before.RevisionId,
      Role: "arn:aws:iam::123456789012:role/other-role",
      Handler: "main.handler",
      Description: "changed",
      Timeout: 7,
      MemorySize: 512,
      VpcConfig: { SubnetIds: ["subnet-0fedcba9876543210"], SecurityGroupIds: [] },
      Environment: { Variables: { STAGE: "prod", EXTRA: "1" } },
      Runtime: "python3.12" as const,
      DeadLetterConfig: { TargetArn: "arn:aws:sns:us-east-1:000000000000:failures" },
      KMSKeyArn: "arn:aws:kms:us-east-1:000000000000:key/other",
      TracingConfig: { Mode: "PassThrough" as const },
      Layers: [],
      FileSystemConfigs: [],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: "None" as const },
      LoggingConfig: {
        LogFormat: "JSON" as const,
        ApplicationLogLevel: "ERROR" as const,
        SystemLogLevel: "WARN" as const,
        LogGroup: "/custom/other",
      },
      DurableConfig: { RetentionPeriodInDays: 30 },
    };
    await t.lambda.send(new UpdateFunctionConfigurationCommand(update));
    const after = await settled(t.lambda, "every-field");
    const rest: Partial<typeof update> = { ...update };
    for (const k of ["FunctionName", "RevisionId", "Layers", "FileSystemConfigs"] as const)
      delete rest[k];
    expect(after).toMatchObject({
      ...rest,
      VpcConfig: { ...update.VpcConfig, VpcId: expect.stringMatching(/^vpc-/) },
      SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    });
    expect(after.Layers ?? []).toEqual([]);
    expect(after.FileSystemConfigs ?? []).toEqual([]);
    expect(after.RevisionId).not.toBe(before.RevisionId);

    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "every-field",
        KMSKeyArn: "",
        DeadLetterConfig: { TargetArn: "" },
      }),
    );
    const cleared = await settled(t.lambda, "every-field");
    expect(cleared.KMSKeyArn).toBeUndefined();
    expect(cleared.DeadLetterConfig).toBeUndefined();
    expect(cleared.TracingConfig).toEqual({ Mode: "PassThrough" });
  });

  it("refuses bad values with AWS's errors and changes nothing", async () => {
    const bad = (extra: object) =>
      failure(t.lambda.send(new CreateFunctionCommand({ ...createInput("bad-field"), ...extra })));
    expect(await bad({ TracingConfig: { Mode: "Sometimes" } })).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value 'Sometimes' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]",
    });
    expect((await bad({ SnapStart: { ApplyOn: "Always" } })).message).toBe(
      "1 validation error detected: Value 'Always' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]",
    );
    expect((await bad({ KMSKeyArn: "my-key" })).message).toBe(
      "1 validation error detected: Value 'my-key' at 'kMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()",
    );
    const dlq = await bad({
      DeadLetterConfig: { TargetArn: "arn:aws:s3:::a-bucket" },
    });
    expect(dlq).toMatchObject({ name: "InvalidParameterValueException", status: 400 });
    expect(dlq.message).toContain("arn:aws:s3:::a-bucket");
    const subnet = await bad({ VpcConfig: { SubnetIds: ["net-1"], SecurityGroupIds: [] } });
    expect(subnet).toMatchObject({ name: "ValidationException", status: 400 });
    expect(subnet.message).toContain("subnet-[0-9a-z]*");
    expect((await bad({ DurableConfig: { RetentionPeriodInDays: 91 } })).message).toBe(
      "1 validation error detected: Value '91' at 'durableConfig.retentionPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 90",
    );
    const capacity = await bad({
      CapacityProviderConfig: {
        LambdaManagedInstancesCapacityProviderConfig: {
          CapacityProviderArn: "arn:aws:lambda:us-east-1:000000000000:capacity-provider:cp",
        },
      },
    });
    expect(capacity).toMatchObject({ name: "InvalidParameterValueException", status: 400 });
    await expect(
      t.lambda.send(new GetFunctionCommand({ FunctionName: "bad-field" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("a setting the engine cannot act on is said in the function's log, not ignored silently", async () => {
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("noted", {
          TracingConfig: { Mode: "Active" },
          DeadLetterConfig: { TargetArn: "arn:aws:sqs:us-east-1:000000000000:dlq" },
          Timeout: 30,
        }),
      ),
    );
    await settled(t.lambda, "noted");
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "noted", LogType: "Tail" }));
    expect(r.FunctionError).toBeUndefined();
    const tail = Buffer.from(r.LogResult ?? "", "base64").toString("utf8");
    expect(tail).toContain("TracingConfig Active: this engine has no X-Ray");
    expect(tail).toContain(
      "DeadLetterConfig arn:aws:sqs:us-east-1:000000000000:dlq: this engine has no SQS or SNS",
    );
  }, 60_000);
});
