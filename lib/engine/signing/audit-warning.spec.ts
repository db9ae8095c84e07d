import { afterAll, describe, expect } from "vitest";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CreateFunctionCommand, UpdateFunctionCodeCommand } from "@aws-sdk/client-lambda";
import type { SignerClient } from "@aws-sdk/client-signer";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { S3Client } from "@aws-sdk/client-s3";
import { createInput, failure, type TestEngine } from "@/test/support/lambda";
import { lookupAll, recordOf } from "@/test/support/audit";
import { handlerZip, putProfile, signingHelpers } from "@/test/support/signing";
import { signingTest } from "@/test/support/fixtures";
import { engineClientConfig } from "@/test/support/client-config";

let t: TestEngine;
let s3: S3Client;
let signer: SignerClient;
let cw: CloudWatchClient;
let cloudtrail: CloudTrailClient;
const { config, signedFunction } = signingHelpers(() => ({ t, s3, signer, cw }));

const test = signingTest("code-signing-audit-");

test.beforeAll(({ signing }) => {
  ({ t, s3, signer, cw } = signing);
  cloudtrail = new CloudTrailClient(engineClientConfig(t.engine));
});
afterAll(() => {
  cloudtrail?.destroy();
});

/** The audit events of one function's calls with this CloudTrail event name, newest first. */
async function events(eventName: string, functionName: string) {
  const all = await lookupAll(cloudtrail, "ResourceName", functionName);
  return all.filter((e) => e.EventName === eventName).map(recordOf);
}

const WARNING = {
  signatureValidationWarning: {
    codeSigningConfigArn: expect.stringMatching(
      /^arn:aws:lambda:us-east-1:\d{12}:code-signing-config:csc-\w{17}$/,
    ),
    untrustedArtifactOnDeployment: "Warn",
    reason: "the package is not signed",
    message: expect.stringMatching(/^Code signing warning: deployed under the Warn policy/),
  },
};

describe("code signing warnings in the audit trail (LookupEvents)", () => {
  test("a Warn deploy of an unsigned zip carries the warning in its event; an Enforce refusal its errorCode", async () => {
    const pv = await putProfile(signer, "audit_profile");
    const warnCsc = await config([pv], "Warn");
    const warned = await signedFunction("audit_profile", warnCsc);
    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: warned, ZipFile: handlerZip("unsigned") }),
    );
    const [update, ...more] = await events("UpdateFunctionCode20150331v2", warned);
    expect(more).toEqual([]);
    expect(update?.errorCode).toBeUndefined();
    expect(update?.responseElements).toMatchObject({ functionName: warned });
    expect(update?.additionalEventData).toEqual(WARNING);

    // The signed create under the same policy has no warning; an unsigned create has one.
    const [signedCreate] = await events("CreateFunction20150331", warned);
    expect(signedCreate).toBeDefined();
    expect(signedCreate?.additionalEventData).toBeUndefined();
    await t.lambda.send(
      new CreateFunctionCommand(
        createInput("unsigned-create", {
          Code: { ZipFile: handlerZip("unsigned") },
          CodeSigningConfigArn: warnCsc,
        }),
      ),
    );
    const [unsignedCreate] = await events("CreateFunction20150331", "unsigned-create");
    expect(unsignedCreate?.additionalEventData).toEqual(WARNING);

    // Enforce refuses the same zip: the event is the refused call, with its errorCode.
    const enforced = await signedFunction("audit_profile", await config([pv], "Enforce"));
    const err = await failure(
      t.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: enforced, ZipFile: handlerZip("unsigned") }),
      ),
    );
    expect(err).toMatchObject({ name: "CodeVerificationFailedException" });
    const [refused] = await events("UpdateFunctionCode20150331v2", enforced);
    expect(refused).toMatchObject({
      errorCode: "CodeVerificationFailedException",
      errorMessage: expect.stringContaining("not signed"),
      responseElements: null,
    });
    expect(refused?.additionalEventData).toBeUndefined();
  });
});
