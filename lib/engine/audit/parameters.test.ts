import { describe, expect, it } from "vitest";
import type { Operation } from "../http/operations";
import type { EngineRequest } from "../http/types";
import { HIDDEN, errorOf, requestParameters, resourcesOf, scrub } from "./parameters";

const op = (action: string, protocol: Operation["protocol"]): Operation => ({
  action,
  protocol,
  maxBodyBytes: 1_000_000,
  limitName: action,
});

const req = (over: Partial<EngineRequest>): EngineRequest => ({
  method: "POST",
  path: "/",
  rawPath: "/",
  query: new URLSearchParams(),
  headers: {},
  body: Buffer.alloc(0),
  params: {},
  ...over,
});

describe("request parameters as the audit trail keeps them", () => {
  it("hides secrets and leaves out code bytes, whichever service sends them", () => {
    expect(
      scrub({
        FunctionName: "f",
        Code: { ZipFile: "UEsDBA==" },
        Environment: { Variables: { PASSWORD: "x" } },
        Tags: { Team: "a" },
      }),
    ).toEqual({
      functionName: "f",
      code: {},
      environment: { variables: HIDDEN },
      tags: { Team: "a" },
    });
    expect(scrub({ SecretId: "db", SecretString: "s3cr3t" })).toEqual({
      secretId: "db",
      secretString: HIDDEN,
    });
  });

  it("reads awsQuery form bodies (RDS) without their passwords or signing parameters", () => {
    const body = Buffer.from(
      "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=db1&MasterUserPassword=hunter2",
    );
    const params = requestParameters(op("rds:CreateDBInstance", "awsQuery"), req({ body }));
    expect(params).toEqual({ dBInstanceIdentifier: "db1", masterUserPassword: HIDDEN });
    expect(resourcesOf(params, "rds.amazonaws.com")).toEqual([
      { ResourceType: "AWS::RDS::DBInstance", ResourceName: "db1" },
    ]);
  });

  it("reads path-style S3 requests as bucketName and key, never the body", () => {
    const params = requestParameters(
      op("s3:CreateBucket", "restXml"),
      req({ method: "PUT", path: "/my-bucket", body: Buffer.from("<xml/>") }),
    );
    expect(params).toEqual({ bucketName: "my-bucket" });
  });

  it("takes the error code from any protocol's error shape", () => {
    expect(
      errorOf({
        status: 400,
        headers: { "content-type": "text/xml" },
        body: "<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>",
      }),
    ).toEqual({ errorCode: "NoSuchBucket", errorMessage: "gone" });
    expect(
      errorOf({
        status: 403,
        headers: { "x-amzn-errortype": "AccessDeniedException" },
        body: JSON.stringify({ Message: "no" }),
      }),
    ).toEqual({ errorCode: "AccessDenied", errorMessage: "no" });
    expect(errorOf({ status: 200, body: "{}" })).toBeNull();
  });
});
