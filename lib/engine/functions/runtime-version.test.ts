import { describe, expect, it } from "vitest";
import { regionOfArn, runtimeVersionArn, runtimeVersionName } from "./runtime-version";

describe("runtime versions in Lambda's form", () => {
  it("names a version family:version.vN as INIT_START shows it", () => {
    expect(runtimeVersionName("nodejs20.x")).toBe("nodejs:20.v1");
    expect(runtimeVersionName("python3.12")).toBe("python:3.12.v1");
    expect(runtimeVersionName("provided.al2023")).toBe("provided:al2023.v1");
    expect(runtimeVersionName("java21")).toBe("java:21.v1");
  });

  it("an ARN per region and runtime: arn:aws:lambda:<region>::runtime:<64 hex>, stable", () => {
    const a = runtimeVersionArn("eu-west-1", "python3.12");
    expect(a).toMatch(/^arn:aws:lambda:eu-west-1::runtime:[0-9a-f]{64}$/);
    expect(runtimeVersionArn("eu-west-1", "python3.12")).toBe(a);
    expect(runtimeVersionArn("eu-west-1", "python3.13")).not.toBe(a);
    expect(regionOfArn("arn:aws:lambda:ap-south-2:000000000000:function:f")).toBe("ap-south-2");
  });
});
