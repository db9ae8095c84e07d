import { describe, expect, it } from "vitest";
import { createFunctionSchema, fieldForApiError } from "./schema";

const ok = {
  functionName: "my-fn",
  runtime: "nodejs22.x",
  architecture: "x86_64",
  handler: "index.handler",
  memorySize: "128",
  timeout: "3",
  description: "",
  environment: "AB=1\n\nB_C=two=2",
  role: "arn:aws:iam::000000000000:role/lambda-role",
};

describe("create function schema", () => {
  it("accepts a valid form, coercing numbers and parsing variables", () => {
    const r = createFunctionSchema.parse(ok);
    expect(r.memorySize).toBe(128);
    expect(r.environment).toEqual({ AB: "1", B_C: "two=2" });
  });

  it("refuses what the Lambda API would refuse, by field", () => {
    const r = createFunctionSchema.safeParse({
      ...ok,
      functionName: "bad name",
      memorySize: "64",
      timeout: "901",
      environment: "AWS_REGION=x",
      role: "admin",
    });
    expect(r.success).toBe(false);
    const fields = new Set(r.error?.issues.map((i) => i.path[0]));
    expect(fields).toEqual(
      new Set(["functionName", "memorySize", "timeout", "environment", "role"]),
    );
  });

  it("places API errors next to the field they name", () => {
    expect(fieldForApiError("Function already exist: my-fn")).toBe("functionName");
    expect(
      fieldForApiError("1 validation error detected: Value '20000' at 'memorySize' failed"),
    ).toBe("memorySize");
    expect(fieldForApiError("The role defined for the function cannot be assumed by Lambda.")).toBe(
      "role",
    );
    expect(fieldForApiError("Something else")).toBe("_form");
  });
});
