import { describe, expect, it } from "vitest";
import { createImageFunctionSchema, imageFieldForApiError } from "./schema";

const valid = {
  functionName: "img-fn",
  imageUri: "127.0.0.1:5000/uploads/app:v1",
  entryPoint: "",
  command: "",
  workingDirectory: "",
  architecture: "x86_64",
  memorySize: "256",
  timeout: "10",
  description: "",
  environment: "",
  role: "arn:aws:iam::000000000000:role/r",
};

describe("create-from-image form rules", () => {
  it("accepts tags, digests and ECR URIs; parses overrides", () => {
    const ok = createImageFunctionSchema.parse({
      ...valid,
      entryPoint: '["/bin/sh", "-c"]',
      command: "app.handler, extra",
      workingDirectory: "/var/task",
    });
    expect(ok).toMatchObject({
      entryPoint: ["/bin/sh", "-c"],
      command: ["app.handler", "extra"],
      workingDirectory: "/var/task",
      memorySize: 256,
    });
    for (const uri of [
      `127.0.0.1:5000/a@sha256:${"a".repeat(64)}`,
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:2024-01",
    ])
      expect(createImageFunctionSchema.safeParse({ ...valid, imageUri: uri }).success).toBe(true);
  });

  it("refuses what Lambda refuses, by field", () => {
    const bad = createImageFunctionSchema.safeParse({
      ...valid,
      imageUri: "app:latest",
      entryPoint: "[1, 2]",
      workingDirectory: "relative",
      memorySize: "64",
    });
    expect(bad.success).toBe(false);
    const fields = bad.error?.issues.map((i) => i.path[0]);
    expect(fields).toEqual(["imageUri", "entryPoint", "workingDirectory", "memorySize"]);
    expect(imageFieldForApiError('ImageUri "x" is not valid')).toBe("imageUri");
    expect(imageFieldForApiError("Function already exist: f")).toBe("functionName");
  });
});
